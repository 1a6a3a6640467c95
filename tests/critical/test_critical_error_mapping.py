"""IdentityCall's answers become the right error with the right words and wait, whatever form the
Retry-After date or the error body takes (apps/identitycall/errors.py)."""

from datetime import UTC, datetime

import pytest
import responses

from apps.identitycall import errors
from tests.factories import BASE

NOW = datetime(1994, 11, 6, 8, 48, 37, tzinfo=UTC)  # one minute before the RFC's example date


# RFC 9110 §5.6.7: the preferred IMF-fixdate, the obsolete RFC 850 and asctime forms, and the
# zone spellings parsedate accepts: -0000 (RFC 5322's "no zone information"), +0000, UT, a
# numeric offset and a zone-less date (read as UTC).
@pytest.mark.parametrize(("value", "seconds"), [
    ("Sun, 06 Nov 1994 08:49:37 GMT", 60),
    ("Sunday, 06-Nov-94 08:49:37 GMT", 60),
    ("Sun Nov  6 08:49:37 1994", 60),
    ("Sun, 06 Nov 1994 08:49:37 -0000", 60),
    ("Sun, 06 Nov 1994 08:49:37 +0000", 60),
    ("Sun, 06 Nov 1994 08:49:37 UT", 60),
    ("Sun, 06 Nov 1994 09:49:37 +0100", 60),
    ("Sun, 06 Nov 1994 08:49:37", 60),
    ("Sun, 06 Nov 1994 08:49:38 GMT", 61),
    ("Sun, 06 Nov 1994 08:48:37.5 GMT", 60),
    ("Sun, 06 Nov 1994 08:40:00 GMT", 0),  # already past: no wait, never negative
])
def test_every_http_date_form_is_read_as_seconds_from_now(value, seconds):
    assert errors.retry_after_seconds(value, now=NOW) == seconds


def test_a_date_is_measured_from_the_real_clock_when_no_now_is_given():
    in_a_while = datetime.now(UTC).replace(microsecond=0).timestamp() + 120
    header = datetime.fromtimestamp(in_a_while, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")

    assert 110 <= errors.retry_after_seconds(header) <= 121


@pytest.mark.parametrize("value", [None, "", "   ", "soon", "Sun, 32 Nov 1994 08:49:37 GMT",
                                   "Sun, 06 Nov 1994", "-5", "1.5"])
def test_an_absent_or_unreadable_value_waits_the_default(value):
    assert errors.retry_after_seconds(value, now=NOW) == errors.DEFAULT_RETRY_AFTER == 60


@pytest.mark.parametrize(("value", "seconds"), [("0", 0), ("120", 120), ("999999999", 999999999),
                                                ("1000000000", 60)])
def test_seconds_up_to_nine_digits_are_taken_as_they_are(value, seconds):
    assert errors.retry_after_seconds(value, now=NOW) == seconds


@pytest.mark.django_db
def test_a_rate_limit_with_a_zone_less_date_answers_the_wait_not_a_500(keyed, user):
    with responses.RequestsMock() as upstream:
        upstream.get(f"{BASE}/projects", status=429, json={"error": "Too many requests"},
                     headers={"Retry-After": "Sun, 06 Nov 1994 08:49:37 -0000"})
        response = keyed.get("/projects/")

    assert response.status_code == 429
    assert response["Retry-After"] == "0"
    assert "IdentityCall is rate limiting requests" in response.content.decode()


@pytest.mark.parametrize(("body", "message", "listed"), [
    ({"error": {"message": "Name is taken", "code": "conflict"}}, "Name is taken",
     ["Name is taken"]),
    ({"error": {"message": "  Name is taken  "}}, "Name is taken", ["Name is taken"]),
    ({"error": {"code": "conflict"}, "errors": ["name taken"]}, "name taken", ["name taken"]),
    ({"error": "Bad name", "errors": ["name too long", "name has tabs"]}, "Bad name",
     ["name too long", "name has tabs"]),
    ({"errors": ["a", "b"]}, "a; b", ["a", "b"]),
    ({"errors": "just one"}, "just one", ["just one"]),
    ({"errors": [1, 2.5, None, {"x": 1}, "ok"]}, "1; 2.5; ok", ["1", "2.5", "ok"]),
    ({"errors": {"name": ["is taken", "is short"], "language": "is unknown"}},
     "name is taken; name is short; language is unknown",
     ["name is taken", "name is short", "language is unknown"]),
    ({"error": "   "}, "IdentityCall answered 422.", []),
    ({"errors": 7}, "IdentityCall answered 422.", []),
    ([{"error": "a list, not an object"}], "IdentityCall answered 422.", []),
])
def test_every_documented_error_body_gives_its_message_and_list(body, message, listed):
    import json

    error = errors.error_from_response(422, {}, json.dumps(body).encode())

    assert isinstance(error, errors.ValidationError)
    assert (error.message, error.errors, error.status) == (message, listed, 422)
    assert str(error) == message


def test_a_body_that_is_not_utf8_is_still_read():
    error = errors.error_from_response(400, {}, '{"error": "caf\u00e9 \xff"}'.encode("latin-1"))

    assert error.message.startswith("caf") and isinstance(error, errors.BadRequestError)


def test_a_message_of_exactly_the_limit_is_kept_whole_and_one_more_is_cut():
    exact = errors.error_from_response(400, {}, ('{"error": "%s"}' % ("x" * 300)).encode())
    longer = errors.error_from_response(400, {}, ('{"error": "%s"}' % ("x" * 301)).encode())

    assert exact.message == "x" * 300
    assert longer.message == "x" * 299 + "…" and len(longer.message) == 300


@pytest.mark.parametrize(("status", "error_class"), [
    (400, errors.BadRequestError), (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError), (404, errors.NotFoundError),
    (409, errors.ConflictError), (422, errors.ValidationError), (429, errors.RateLimitError),
    (500, errors.ServerError), (599, errors.ServerError), (418, errors.IdentityCallError),
    (600, errors.IdentityCallError), (302, errors.IdentityCallError),
])
def test_each_status_gets_its_class_and_nothing_more_specific(status, error_class):
    error = errors.error_from_response(status, {"retry-after": "5"}, b"")

    assert type(error) is error_class
    assert error.message == f"IdentityCall answered {status}."
    assert error.retry_after == (5 if status == 429 else None)


def test_retry_after_is_found_in_any_case_and_any_mapping():
    assert errors.error_from_response(429, {"RETRY-AFTER": "9"}, b"").retry_after == 9
    assert errors.error_from_response(429, {"Retry-After": "9"}, b"").wait_seconds == 9
    assert errors.error_from_response(429, [("Retry-After", "9")], b"").wait_seconds == 60
    assert errors.error_from_response(429, {}, b"").retry_after == 60


def test_what_each_error_says_about_retrying_and_the_outcome():
    transport = errors.TransportError()
    unsent = errors.TransportError(sent=False)
    read_timeout = errors.UpstreamTimeout()
    connect_timeout = errors.UpstreamTimeout(sent=False)

    assert (transport.message, transport.retryable, transport.outcome_unknown) == (
        "Could not reach IdentityCall.", True, True)
    assert (unsent.retryable, unsent.outcome_unknown) == (True, False)
    assert (read_timeout.message, read_timeout.retryable, read_timeout.outcome_unknown) == (
        "IdentityCall did not answer in time.", False, True)
    assert (connect_timeout.retryable, connect_timeout.outcome_unknown) == (True, False)
    assert [errors.ServerError(status=s).retryable for s in (500, 502, 503, 504, 505)] == [
        False, True, True, True, False]
    assert errors.ServerError(status=500).outcome_unknown is True
    assert errors.InvalidResponseError().outcome_unknown is True
    assert errors.InvalidResponseError().message == \
        "IdentityCall sent a response the console could not read."
    for plain in (errors.IdentityCallError(), errors.ConflictError(), errors.RateLimitError()):
        assert (plain.retryable, plain.outcome_unknown) == (False, False)
    assert errors.IdentityCallError().message == "IdentityCall could not complete the request."
    assert errors.RateLimitError(retry_after=0).wait_seconds == 0
