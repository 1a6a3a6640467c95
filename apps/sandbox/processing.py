"""Processing driven by the clock: a recording's status follows from its age, not from a worker.

A recording is `pending` for the first fifth of `SANDBOX_PROCESSING_SECONDS`, `processing` until
the time is up, then `completed` (or `failed` when its `fails` flag is set). Nothing runs in the
background, so nothing can die; a restarted server gives the same answers.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

PENDING_SHARE = 0.2


def processing_seconds():
    """Return how long a new recording takes to finish, read per request so tests can change it."""
    return max(0.0, float(getattr(settings, "SANDBOX_PROCESSING_SECONDS", 12.0)))


def status_of(recording, now=None):
    """Return `pending`, `processing`, `completed` or `failed` for the recording at `now`."""
    if recording.status_override:
        return recording.status_override
    total = processing_seconds()
    elapsed = ((now or timezone.now()) - recording.created_at).total_seconds()
    if total > 0 and elapsed < total * PENDING_SHARE:
        return "pending"
    if total > 0 and elapsed < total:
        return "processing"
    return "failed" if recording.fails else "completed"


def finished_at(recording):
    """Return when the recording reached its final status (for `updated_at`)."""
    return recording.created_at + timedelta(seconds=processing_seconds())


def status_filter(status, now=None):
    """Return a Q selecting the recordings whose derived status is `status`."""
    now = now or timezone.now()
    total = processing_seconds()
    pending_until = now - timedelta(seconds=total * PENDING_SHARE)
    processing_until = now - timedelta(seconds=total)
    by_clock = {
        "pending": Q(created_at__gt=pending_until) if total > 0 else Q(pk__in=[]),
        "processing": (
            Q(created_at__lte=pending_until, created_at__gt=processing_until)
            if total > 0
            else Q(pk__in=[])
        ),
        "completed": Q(created_at__lte=processing_until, fails=False),
        "failed": Q(created_at__lte=processing_until, fails=True),
    }[status]
    return Q(status_override=status) | (Q(status_override__isnull=True) & by_clock)
