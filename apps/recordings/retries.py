"""Retrying a failed recording: the same audio sent again as a new recording, linked to it.

Sending the same file again is answered with the failed recording itself: its content-derived
external_id maps to it (docs/api-decisions.md, "Upload fields"). A retry therefore sends the audio
with an external_id derived from the content AND the attempt number (`retry_external_id`):

    console-<first 32 hex digits of the file's SHA-256>-retry<attempt>

Attempt 1 is the first retry of an upload; retrying a retry that failed too is attempt 2, and so
on. So the id is deterministic (a double click, a lost answer or a second person retrying the same
recording is answered with the same new recording: IdentityCall replays a known external_id),
distinct per attempt, and never the original's (`console-<32 hex>` or the person's own id).

The link is kept in the console's database (models.RetryLink) and read only through a recording
the person's key has just read, like speaker names (apps/recordings/renames.py).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .ingest.rules import EXTERNAL_ID_PREFIX
from .models import RetryLink
from .renames import recording_identity

RETRY_MARK = "-retry"


def retry_external_id(sha256, attempt):
    """Return the external_id of retry number `attempt` (1, 2, ...) of the audio `sha256`."""
    if attempt < 1:
        raise ValueError("A retry's attempt number starts at 1.")
    return f"{EXTERNAL_ID_PREFIX}{sha256[:32].lower()}{RETRY_MARK}{attempt}"


def next_attempt(failed):
    """Return the attempt number a retry of the recording `failed` sends: one more than the
    attempt that made `failed`, 1 when it was an upload of its own."""
    made_by = RetryLink.objects.filter(new_key=recording_identity(failed)).first()
    return (made_by.attempt if made_by else 0) + 1


@dataclass(frozen=True)
class Links:
    """What the console knows of a recording's retries: the retry it came from, its retries."""

    retry_of: RetryLink | None = None
    retried_as: tuple = ()

    def __bool__(self):
        return bool(self.retry_of or self.retried_as)


def links_for(recording):
    """Return the Links of `recording`, as IdentityCall just answered it to the person's key."""
    key = recording_identity(recording)
    rows = list(RetryLink.objects.filter(failed_key=key) | RetryLink.objects.filter(new_key=key))
    retry_of = next((row for row in rows if row.new_key == key), None)
    retried_as = tuple(sorted((row for row in rows if row.failed_key == key),
                              key=lambda row: row.attempt))
    return Links(retry_of, retried_as)


def link(user, failed, new, *, attempt, external_id):
    """Remember that `new` is retry `attempt` of `failed`; return the RetryLink (an existing
    one when the retry was replayed)."""
    fields = {"failed_key": recording_identity(failed), "new_key": recording_identity(new)}
    defaults = {
        "failed_ref": str(failed.ref), "failed_name": (failed.name or "")[:255],
        "new_ref": str(new.ref), "new_name": (new.name or "")[:255],
        "attempt": attempt, "external_id": external_id[:200],
        "created_by": user if getattr(user, "pk", None) else None,
    }
    try:
        with transaction.atomic():
            row, _ = RetryLink.objects.get_or_create(**fields, defaults=defaults)
    except IntegrityError:  # the same retry, linked by a concurrent request
        row = RetryLink.objects.get(**fields)
    return row
