"""A retried call whose last attempt never left still reports an earlier attempt that may have."""

import io

import pytest

from apps.identitycall import errors
from apps.identitycall.client import IdentityCallClient
from tests import transport_faults
from tests.factories import BASE, KEY


@pytest.fixture
def client():
    return IdentityCallClient(KEY, base_url=BASE, sleep=lambda seconds: None)


def _upload(client):
    return client.upload_recording(
        io.BytesIO(b"RIFF audio"), filename="call.wav", project_id=1, external_id="sha-1"
    )


def test_a_dropped_upload_then_refused_resends_leave_the_outcome_unknown(client, upstream):
    upstream.post(f"{BASE}/recordings", body=transport_faults.dropped())
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())

    with pytest.raises(errors.TransportError) as raised:
        _upload(client)

    assert len(upstream.calls) == 3
    assert raised.value.outcome_unknown  # the first attempt may have stored the file


def test_a_503_then_a_refused_resend_leaves_the_outcome_unknown(client, upstream):
    upstream.post(f"{BASE}/recordings", status=503)
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())

    with pytest.raises(errors.TransportError) as raised:
        _upload(client)

    assert raised.value.outcome_unknown


def test_refused_every_time_means_nothing_was_sent(client, upstream):
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())

    with pytest.raises(errors.TransportError) as raised:
        _upload(client)

    assert len(upstream.calls) == 3
    assert not raised.value.outcome_unknown


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (errors.TransportError(sent=True), True),
        (errors.UpstreamTimeout(sent=True), False),  # a read timeout: already waited it out
        (errors.UpstreamTimeout(sent=False), True),  # never connected
        (errors.ServerError(status=503), True),
        (errors.ServerError(status=500), False),
        (errors.ValidationError(status=422), False),
        (errors.RateLimitError(status=429, retry_after=5), False),
    ],
)
def test_retryable_says_whether_repeating_the_request_may_get_past_the_failure(error, retryable):
    assert error.retryable is retryable


def test_a_rate_limit_waits_what_identitycall_said_or_sixty_seconds():
    assert errors.RateLimitError(retry_after=7).wait_seconds == 7
    assert errors.RateLimitError().wait_seconds == errors.DEFAULT_RETRY_AFTER == 60
