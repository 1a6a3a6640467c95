"""Processing driven by the clock: a recording's status follows from its age, not from a worker.

A recording is `pending` for the first fifth of `SANDBOX_PROCESSING_SECONDS`, `processing` until
the time is up, then `completed` (or `failed` when its `fails` flag is set). Nothing runs in the
background, so nothing can die; a restarted server gives the same answers.

A seeded recording may hold a status (`status_override`) for ever, or until `override_until`:
then it finishes like a new upload made at that moment (one held `processing` goes on from its
processing stage), so the demo's unfinished recordings finish and lists stop polling.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

PENDING_SHARE = 0.2
NO_ROWS = Q(pk__in=[])


def processing_seconds():
    """Return how long a new recording takes to finish, read per request so tests can change it."""
    return max(0.0, float(getattr(settings, "SANDBOX_PROCESSING_SECONDS", 12.0)))


def held(recording, now=None):
    """Return True while the recording's status_override still holds."""
    if not recording.status_override:
        return False
    return recording.override_until is None or (now or timezone.now()) < recording.override_until


def clock_start(recording):
    """Return the moment the recording's processing clock counts from: its upload, or the end
    of the status it was held in."""
    if recording.status_override and recording.override_until is not None:
        going_on = recording.status_override == "processing"
        shift = processing_seconds() * PENDING_SHARE if going_on else 0
        return recording.override_until - timedelta(seconds=shift)
    return recording.created_at


def status_of(recording, now=None):
    """Return `pending`, `processing`, `completed` or `failed` for the recording at `now`."""
    now = now or timezone.now()
    if held(recording, now):
        return recording.status_override
    total = processing_seconds()
    elapsed = (now - clock_start(recording)).total_seconds()
    if total > 0 and elapsed < total * PENDING_SHARE:
        return "pending"
    if total > 0 and elapsed < total:
        return "processing"
    return "failed" if recording.fails else "completed"


def finished_at(recording):
    """Return when the recording reached its final status (for `updated_at`)."""
    return clock_start(recording) + timedelta(seconds=processing_seconds())


def status_filter(status, now=None):
    """Return a Q selecting the recordings whose derived status is `status`."""
    now = now or timezone.now()
    total = processing_seconds()
    holding = Q(status_override__isnull=False) & (
        Q(override_until__isnull=True) | Q(override_until__gt=now))
    ended = Q(status_override__isnull=False, override_until__lte=now)
    shift = timedelta(seconds=total * PENDING_SHARE)
    return (
        (holding & Q(status_override=status))
        | (Q(status_override__isnull=True) & _by_clock(status, "created_at", now, total))
        | (ended & Q(status_override="processing")
           & _by_clock(status, "override_until", now, total, shift))
        | (ended & ~Q(status_override="processing")
           & _by_clock(status, "override_until", now, total))
    )


def _by_clock(status, field, now, total, shift=timedelta(0)):
    """Return a Q for the rows whose clock, counted from `field` minus `shift`, says `status`."""
    pending_until = now - timedelta(seconds=total * PENDING_SHARE) + shift
    processing_until = now - timedelta(seconds=total) + shift
    if status == "pending":
        return Q(**{f"{field}__gt": pending_until}) if total > 0 else NO_ROWS
    if status == "processing":
        return (Q(**{f"{field}__lte": pending_until, f"{field}__gt": processing_until})
                if total > 0 else NO_ROWS)
    return Q(**{f"{field}__lte": processing_until}, fails=(status == "failed"))
