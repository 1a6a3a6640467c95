"""Fixtures shared by every test package; a package adds its own in tests/<app>/conftest.py."""

import re

import pytest
import requests
import responses
from django.core.cache import cache

from tests.factories import give_key, make_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: throttles, tokens and list caches never leak."""
    cache.clear()
    yield
    cache.clear()


# The words responses raises for a call no test registered.
_UNREGISTERED = "Connection refused by Responses"
# Real servers the tests start themselves (the live server, the sandbox over HTTP, a closed port
# for "refused", S3 and TLS test servers) are on this machine: those calls go through.
_LOCAL = re.compile(r"https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)")


@pytest.fixture(autouse=True)
def _every_upstream_call_is_registered(monkeypatch, request):
    """A call to IdentityCall (or any non-local address) that the test did not register fails the
    test, even when the page caught the ConnectionError and showed "unreachable" (which is how
    such a call would otherwise pass quietly). Tests about an unreachable IdentityCall register
    the failure they want (`body=requests.ConnectionError(...)`) or use a closed local port.

    It also reads an iterable request body (a streamed upload) when the request is "sent": a
    connection reads it, running the body's own checks (and a relayed upload's waiting on the
    browser) at that moment, and letting tests read the bytes; responses would leave it unread.
    """
    on_request = responses.RequestsMock._on_request
    unregistered = []

    def sending(self, adapter, sent, **kwargs):
        body = sent.body
        if body is not None and not isinstance(body, (bytes, str)) and not hasattr(body, "read"):
            sent.body = b"".join(body)
        try:
            return on_request(self, adapter, sent, **kwargs)
        except requests.ConnectionError as exc:
            if str(exc).startswith(_UNREGISTERED):
                unregistered.append(f"{sent.method} {sent.url}")
            raise

    monkeypatch.setattr(responses.RequestsMock, "_on_request", sending)
    # Underneath every test's own mock: catches calls made where the test set up none at all.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as underneath:
        underneath.add_passthru(_LOCAL)
        yield
    if unregistered:
        pytest.fail("Upstream calls this test did not register (register each call the page "
                    "makes): " + ", ".join(unregistered), pytrace=False)


@pytest.fixture(autouse=True)
def retry_sleeps(monkeypatch):
    """The client's back-off never really sleeps in tests; each delay it asks for lands here.

    A client built with its own `sleep=` (the back-off tests) still gets exactly that one.
    """
    from apps.identitycall.client import IdentityCallClient

    slept = []
    build = IdentityCallClient.__init__

    def without_sleeping(self, *args, sleep=None, **options):
        build(self, *args, sleep=slept.append if sleep is None else sleep, **options)

    monkeypatch.setattr(IdentityCallClient, "__init__", without_sleeping)
    return slept


@pytest.fixture
def upstream():
    """Fake IdentityCall: a request to an address not registered here fails the call and the test."""
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
