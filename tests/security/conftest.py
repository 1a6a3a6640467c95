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
