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
