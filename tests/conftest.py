"""Fixtures shared by every test package; a package adds its own in tests/<app>/conftest.py."""

import pytest
import responses
from django.core.cache import cache

from tests.factories import give_key, make_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: throttles, tokens and list caches never leak."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def upstream():
    """Fake IdentityCall: any request to an address not registered here fails the call."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def signed_in(client, user):
    """A test client logged in as a user who has no API key yet."""
    client.force_login(user)
    return client


@pytest.fixture
def keyed(client, user):
    """A test client logged in as a user with a stored key (tests.factories.KEY)."""
    give_key(user)
    client.force_login(user)
    return client
