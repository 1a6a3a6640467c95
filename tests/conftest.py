"""Fixtures shared by every test package; each package keeps its own in tests/<app>/conftest.py."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: throttles and list caches never leak between tests."""
    cache.clear()
    yield
    cache.clear()
