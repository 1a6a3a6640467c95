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


@pytest.fixture(autouse=True)
def _iterable_bodies_are_sent(monkeypatch):
    """responses keeps an iterable request body (a streamed upload) unread; a connection reads it.

    Reading it when the request is "sent" runs the body's own checks (and a relayed upload's
    waiting on the browser) at the moment a real connection would, and lets tests read the bytes.
    """
    on_request = responses.RequestsMock._on_request

    def sending(self, adapter, request, **kwargs):
        body = request.body
        if body is not None and not isinstance(body, (bytes, str)) and not hasattr(body, "read"):
            request.body = b"".join(body)
        return on_request(self, adapter, request, **kwargs)

    monkeypatch.setattr(responses.RequestsMock, "_on_request", sending)


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
