"""Every non-2xx status and every malformed 2xx becomes one IdentityCallError subclass."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from apps.identitycall.errors import (
    ConflictError,
    AuthenticationError,
    BadRequestError,
    IdentityCallError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
    UpstreamTimeout,
    ValidationError,
    error_from_response,
    retry_after_seconds,
)

PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, ValidationError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (409, ConflictError),
        (418, IdentityCallError),
        (302, IdentityCallError),
        (300, IdentityCallError),  # the first status past the 2xx range is no success either
    ],
)
def test_each_status_maps_to_its_error_class(client, api, status, error_class):
    api.reply("PATCH", "/projects/42", status=status, json={"error": "Upstream says no"})

    with pytest.raises(IdentityCallError) as caught:
        client.update_project(42, name="X")

    assert type(caught.value) is error_class
    assert caught.value.status == status
    assert caught.value.message == "Upstream says no"


# A write that failed this way may have been applied by IdentityCall (its outcome is unknown):
# a 5xx, a 2xx that could not be read, or a connection lost after the request was sent.
OUTCOME_UNKNOWN = [
    (500, True),
    (502, True),
    (503, True),
    (504, True),
    (400, False),
    (401, False),
    (403, False),
    (404, False),
    (409, False),
    (422, False),
    (429, False),
]


@pytest.mark.parametrize(("status", "unknown"), OUTCOME_UNKNOWN)
def test_an_answered_write_is_of_unknown_outcome_only_after_a_5xx(client, api, status, unknown):
    api.reply("POST", "/projects", status=status, json={"error": "Upstream says no"})

    with pytest.raises(IdentityCallError) as caught:
        client.create_project(name="P", language="en")

    assert caught.value.outcome_unknown is unknown


def test_an_unreadable_2xx_to_a_write_is_of_unknown_outcome(client, api):
    api.reply("POST", "/projects", status=201, body="<html>created</html>")

    with pytest.raises(InvalidResponseError) as caught:
        client.create_project(name="P", language="en")

    assert caught.value.outcome_unknown is True


def test_a_transport_error_is_of_unknown_outcome_only_when_the_request_may_have_left():
    assert TransportError(sent=True).outcome_unknown is True
    assert UpstreamTimeout(sent=True).outcome_unknown is True
    assert TransportError(sent=False).outcome_unknown is False
    assert UpstreamTimeout(sent=False).outcome_unknown is False
    # Without a word on it, the safe assumption: it may have arrived.
    assert TransportError().outcome_unknown is True


def test_a_409_keeps_what_identitycall_said_about_the_conflict(client, api):
    api.reply("POST", "/virtual_numbers/9/add_operator", status=409,
              json={"error": "Operator is already attached to this number"})

    with pytest.raises(IdentityCallError) as caught:
        client.add_operator(9, operator_id=22)

    assert type(caught.value) is ConflictError
    assert caught.value.message == "Operator is already attached to this number"
    assert caught.value.errors == ["Operator is already attached to this number"]


def test_every_error_class_belongs_to_the_one_hierarchy():
    for error_class in (TransportError, BadRequestError, AuthenticationError,
                        PermissionDeniedError, NotFoundError, ValidationError, RateLimitError,
                        ServerError, InvalidResponseError, ConflictError):
        assert isinstance(error_class, type) and issubclass(error_class, IdentityCallError)
    assert issubclass(UpstreamTimeout, TransportError)


def test_a_401_carries_the_documented_message(client, api):
    api.reply("GET", "/operators", status=401, json={"error": "Invalid or expired API key"})

    with pytest.raises(AuthenticationError) as caught:
        client.list_operators()

    assert str(caught.value) == "Invalid or expired API key"
    assert caught.value.errors == ["Invalid or expired API key"]


def test_a_422_with_an_errors_list_keeps_every_message():
    error = error_from_response(422, {}, b'{"errors": ["Name is required", "Phone is invalid"]}')

    assert isinstance(error, ValidationError)
    assert error.errors == ["Name is required", "Phone is invalid"]
    assert error.message == "Name is required; Phone is invalid"


def test_a_422_with_a_single_error_lists_it_as_the_only_error():
    error = error_from_response(422, {}, '{"error": "File too large"}')

    assert error.message == "File too large"
    assert error.errors == ["File too large"]


def test_a_422_with_field_keyed_errors_is_flattened_into_sentences():
    error = error_from_response(422, {}, '{"errors": {"name": ["can\'t be blank"]}}')

    assert error.errors == ["name can't be blank"]


@pytest.mark.parametrize("status", [502, 503, 504, 500, 404])
def test_an_html_body_becomes_a_plain_sentence_without_the_html(client, api, status):
    api.reply("DELETE", "/projects/42", status=status, body=PROXY_PAGE,
              headers={"Content-Type": "text/html"})

    with pytest.raises(IdentityCallError) as caught:
        client.delete_project(42)

    assert caught.value.message == f"IdentityCall answered {status}."
    assert "<" not in str(caught.value) and "nginx" not in str(caught.value)
    assert caught.value.errors == []


@pytest.mark.parametrize("body", [b"", b"null", b"[1, 2]", b'{"detail": "x"}', b"\xff\xfe"])
def test_a_body_without_a_message_becomes_a_plain_sentence(body):
    error = error_from_response(400, {}, body)

    assert isinstance(error, BadRequestError)
    assert error.message == "IdentityCall answered 400."


def test_a_runaway_upstream_message_is_shortened():
    error = error_from_response(400, {}, '{"error": "' + "x" * 5000 + '"}')

    assert len(error.message) <= 300


def test_a_429_is_raised_at_once_with_retry_after_and_never_retried(client, api, sleeps):
    api.reply("GET", "/projects", status=429, json={"error": "Rate limit exceeded"},
              headers={"Retry-After": "17"})

    with pytest.raises(RateLimitError) as caught:
        client.list_projects()

    assert caught.value.retry_after == 17
    assert len(api.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "30"}, 30),
        ({"retry-after": " 5 "}, 5),
        ({}, 60),
        ({"Retry-After": "soon"}, 60),
        ({"Retry-After": "-3"}, 60),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0),
    ],
)
def test_a_429_reads_retry_after_seconds_defaulting_to_60(headers, seconds):
    error = error_from_response(429, headers, b"")

    assert isinstance(error, RateLimitError)
    assert error.retry_after == seconds


def test_retry_after_accepts_an_http_date():
    now = datetime(2026, 4, 15, 10, 0, tzinfo=UTC)

    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True),
                               now=now) == 90


def test_only_a_429_carries_retry_after():
    assert error_from_response(503, {"Retry-After": "10"}, b"").retry_after is None


@pytest.mark.parametrize(
    "answer",
    [
        {"body": "<html>OK</html>"},
        {"body": '{"data": '},
        {"json": {"recording": {"id": 1}}},
        {"json": {"data": None}},
        {"json": {"data": [1, 2]}},
        {"json": ["data"]},
        {"body": ""},
    ],
    ids=["html", "truncated", "no data", "null data", "list for object", "array", "empty"],
)
def test_a_2xx_without_the_expected_data_raises_invalid_response(client, api, answer):
    api.reply("GET", "/operators/42", status=200, **answer)

    with pytest.raises(InvalidResponseError) as caught:
        client.get_operator(42)

    assert caught.value.status == 200
    assert "<html>" not in caught.value.message


def test_a_2xx_list_that_is_not_an_array_raises_invalid_response(client, api):
    api.reply("GET", "/projects", json={"data": {"id": 1}})

    with pytest.raises(InvalidResponseError):
        client.list_projects()


def test_invalid_json_is_chained_from_the_decoding_error(client, api):
    api.reply("GET", "/projects/42", body="{nope")

    with pytest.raises(InvalidResponseError) as caught:
        client.get_project(42)

    assert isinstance(caught.value.__cause__, ValueError)
