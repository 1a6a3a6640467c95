import pytest

from apps.index import budget
from apps.index.tasks import sync_indexes
from tests.insights.fake_api import FakeApi


@pytest.fixture
def api(upstream):
    return FakeApi(upstream)


@pytest.fixture(autouse=True)
def _unmetered(monkeypatch):
    """Tests sync a whole account in one tick; the budget has tests of its own (test_budget)."""
    monkeypatch.setattr(budget, "take", lambda fingerprint, count=1, now=None: 0.0)


@pytest.fixture
def tick():
    """Run the periodic sync task once, as the worker would."""
    return lambda: sync_indexes.call()
