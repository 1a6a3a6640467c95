"""When a task tries again: IdentityCall's Retry-After for a 429, doubling back-off for failures
that may pass, and never for a refusal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.identitycall import errors
from apps.jobs import ratelimit, retry
from tests.jobs.tasks_for_tests import count_run
from tests.taskqueue import queued


@pytest.fixture(autouse=True)
def _retry_settings(settings):
    settings.JOBS_RETRY_BASE_SECONDS = 5
    settings.JOBS_RETRY_MAX_SECONDS = 60
    settings.JOBS_MAX_ATTEMPTS = 4
    settings.JOBS_MAX_RATE_LIMITED_ATTEMPTS = 10


def test_a_429_waits_what_identitycall_says():
    exc = errors.RateLimitError("slow down", status=429, retry_after=7)
    assert retry.wait_seconds(exc, attempt=1) == 7
    assert retry.wait_seconds(exc, attempt=9) == 7


def test_a_429_without_retry_after_waits_the_documented_default():
    exc = errors.RateLimitError("slow down", status=429)
    assert retry.wait_seconds(exc, attempt=1) == exc.wait_seconds >= 1


@pytest.mark.parametrize("attempt, low, high", [(1, 4, 6), (2, 8, 12), (3, 16, 24), (4, 32, 48), (9, 48, 72)])
def test_back_off_doubles_with_jitter_up_to_the_ceiling(attempt, low, high):
    exc = errors.ServerError("down", status=503)
    waits = [retry.wait_seconds(exc, attempt) for _ in range(50)]
    assert all(low <= w <= high for w in waits)
    assert len(set(waits)) > 1  # jittered: failed tasks do not come back in step


def test_failures_that_may_pass_are_retried_while_attempts_remain():
    exc = errors.ServerError("down", status=503)
    assert [retry.may_retry(exc, n) for n in (1, 3, 4)] == [True, True, False]
    dropped = errors.TransportError("reset", sent=False)
    assert retry.may_retry(dropped, 1)


def test_a_refusal_is_never_retried():
    for exc in (errors.ValidationError("bad", status=422), errors.PermissionDeniedError("no", status=403)):
        assert not retry.may_retry(exc, 1)


def test_rate_limits_get_more_attempts_than_failures():
    exc = errors.RateLimitError("slow down", status=429, retry_after=1)
    assert retry.may_retry(exc, 9) and not retry.may_retry(exc, 10)


def test_enqueue_later_sets_run_after(db):
    before = timezone.now()
    retry.enqueue_later(count_run, 30, "later")

    row = queued(include_later=True).get()
    assert before + timedelta(seconds=29) <= row.run_after <= timezone.now() + timedelta(seconds=31)
    assert not queued().exists()  # not ready before its time


def test_a_pause_holds_every_task_of_that_key_and_only_that_key():
    ratelimit.pause("key-a", 30)
    ratelimit.pause("key-a", 5)  # a shorter pause never shortens a longer one

    assert 28 < ratelimit.paused_for("key-a") <= 30
    assert ratelimit.paused_for("key-b") == 0
