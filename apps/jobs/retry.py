"""Trying again later, from a task: back-off for what may pass, IdentityCall's Retry-After for its
rate limit. A task re-enqueues itself with `run_after`; a worker never sleeps on it, and a web
thread never waits at all (docs/api-decisions.md, "Background work and the rate limit")."""

import random
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apps.identitycall.errors import RateLimitError


def backoff_seconds(attempt):
    """Seconds before try number `attempt + 1`: doubling from JOBS_RETRY_BASE_SECONDS, at most
    JOBS_RETRY_MAX_SECONDS, with ±20 % jitter so failed tasks do not come back in step."""
    base = settings.JOBS_RETRY_BASE_SECONDS * 2 ** max(0, attempt - 1)
    return min(settings.JOBS_RETRY_MAX_SECONDS, base) * random.uniform(0.8, 1.2)  # noqa: S311


def wait_seconds(exc, attempt):
    """How long to wait after `exc` ended try number `attempt`: IdentityCall's own Retry-After
    for a 429 (at least one second), back-off for anything else."""
    if isinstance(exc, RateLimitError):
        return max(1, exc.wait_seconds)
    return backoff_seconds(attempt)


def may_retry(exc, attempt):
    """Whether try number `attempt`, ended by `exc`, should be followed by another: a 429 always
    (IdentityCall says when), a retryable failure while attempts remain."""
    if isinstance(exc, RateLimitError):
        return attempt < settings.JOBS_MAX_RATE_LIMITED_ATTEMPTS
    return bool(getattr(exc, "retryable", False)) and attempt < settings.JOBS_MAX_ATTEMPTS


def enqueue_later(task, seconds, *args, **kwargs):
    """Enqueue `task(*args, **kwargs)` to run no sooner than `seconds` from now."""
    run_after = timezone.now() + timedelta(seconds=seconds)
    return task.using(run_after=run_after).enqueue(*args, **kwargs)
