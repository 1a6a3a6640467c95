import functools

import pytest
import responses

from tests.factories import give_key, make_user


@pytest.fixture
def upstream():
    """Fake IdentityCall: a request to an address not registered here fails the call."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def keyed(client, user):
    """A test client logged in as a user with a stored key (tests.factories.KEY)."""
    give_key(user)
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def sleeps(monkeypatch):
    """Record the client's backoff sleeps instead of waiting them out."""
    from apps.identitycall import client, service

    slept = []
    monkeypatch.setattr(
        service, "IdentityCallClient",
        functools.partial(client.IdentityCallClient, sleep=slept.append),
    )
    return slept


@pytest.fixture(autouse=True)
def private_dirs(settings, tmp_path):
    """Uploads land in this test's own folders."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "incoming")
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "incoming").mkdir()
