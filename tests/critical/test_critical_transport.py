"""What the client makes of a 2xx body (apps/identitycall/transport.py's Reply)."""

import pytest

from apps.identitycall.errors import InvalidResponseError
from apps.identitycall.transport import Reply


@pytest.mark.parametrize("body", [None, [1, 2], "data", {"data": {"id": 1}}, {"items": []}])
def test_a_body_without_a_data_array_is_an_invalid_response_with_its_status(body):
    with pytest.raises(InvalidResponseError) as caught:
        Reply(201, body).array()

    assert caught.value.status == 201


@pytest.mark.parametrize("body", [None, [1, 2], "data", {"data": [1]}, {"items": {}}])
def test_a_body_without_a_data_object_is_an_invalid_response_with_its_status(body):
    with pytest.raises(InvalidResponseError) as caught:
        Reply(202, body).object()

    assert caught.value.status == 202


def test_the_data_is_returned_as_it_came():
    assert Reply(200, {"data": [{"id": 1}]}).array() == [{"id": 1}]
    assert Reply(200, {"data": {"id": 1}}).object() == {"id": 1}


@pytest.mark.parametrize("ref", ["", ".", ".."])
def test_an_empty_or_dot_identifier_is_not_found_in_identitycalls_words(ref):
    from apps.identitycall.errors import NotFoundError
    from apps.identitycall.transport import expand

    with pytest.raises(NotFoundError) as caught:
        expand("/recordings/{id}", [ref])

    assert caught.value.message == "Resource not found"


@pytest.mark.parametrize(("args", "got"), [([], 0), (["a", "b", "c"], 3)])
def test_a_path_given_the_wrong_number_of_arguments_says_how_many_it_takes(args, got):
    from apps.identitycall.transport import expand

    with pytest.raises(TypeError) as caught:
        expand("/recordings/{id}/speakers/{speaker_id}", args)

    assert str(caught.value) == (
        f"/recordings/{{id}}/speakers/{{speaker_id}} takes 2 path arguments, got {got}."
    )


def test_a_connection_not_accepted_in_time_says_so():
    from apps.identitycall.transport import transport_error
    from tests import transport_faults

    error = transport_error(transport_faults.connect_timeout())

    assert error.message == "IdentityCall did not accept the connection in time."
    assert error.sent is False


def test_an_error_that_wraps_itself_is_still_read_once():
    import requests

    from apps.identitycall.transport import transport_error

    looped = requests.ConnectionError("reset")
    looped.args = (looped,)
    looped.__cause__ = looped

    assert transport_error(looped).sent is True


def test_a_transport_error_keeps_what_it_was_given():
    from apps.identitycall.errors import TransportError

    error = TransportError("Reset by peer.", status=502, errors=["reset"], retry_after=3)

    assert (error.message, error.status, error.errors, error.retry_after) == (
        "Reset by peer.", 502, ["reset"], 3)


def test_plain_http_shares_the_one_pool_without_retries(monkeypatch):
    # The development sandbox and the test servers answer over plain HTTP on loopback.
    from apps.identitycall import transport

    monkeypatch.setattr(transport, "_shared_session", None)
    session = transport.shared_session()

    adapter = session.get_adapter("http://127.0.0.1:8000/sandbox/api/v1/public/projects")
    assert adapter is session.get_adapter("https://identitycall.test/api/v1/public/projects")
    assert adapter.max_retries.total == 0
    assert transport.shared_session() is session
