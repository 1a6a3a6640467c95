"""Sending a queued upload to IdentityCall: the work of the task `send_queued_upload`.

One run claims the row (a conditional UPDATE: of two runs only one sends), checks that the user's
key is still the one the file was queued with, waits out a rate-limit pause set by any task using
that key (apps/jobs/ratelimit.py), and sends the staged file with send_file (in place on this
machine's disk; from remote storage through a local temp copy checked against the hash it arrived
with), so a queued file gets the same external_id, kept copy and Outcome as a relayed one. Then
the row is SENT, FAILED (with why; its staged file kept for Retry) or QUEUED again with a task
enqueued for later: after IdentityCall's Retry-After for a 429, after a back-off for a failure a
repeat may get past (5xx, a dropped connection), at most JOBS_MAX_ATTEMPTS tries. A worker never
sleeps on a wait (docs/api-decisions.md, "Background work and the rate limit").
"""

import logging
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.accounts.clients import MissingApiKey, client_for
from apps.accounts.models import KeyDecryptionError
from apps.frame import list_cache
from apps.frame.errors import describe_error
from apps.identitycall import errors
from apps.jobs import ratelimit
from apps.jobs.retry import may_retry, wait_seconds

from ..forms import UploadForm
from ..models import QueuedUpload
from .queue import ACTIVE, StagedCopyLost, Status, delete_staged, enqueue, local_copy
from .sending import send_file

logger = logging.getLogger(__name__)

KEY_CHANGED = (
    "Your API key changed since this file was queued; Retry sends it with the new key."
)
KEY_GONE = "Your API key was removed since this file was queued; save a key, then Retry."
STAGED_LOST = "The console no longer has its copy of {name}; upload it again."
PROJECT_GONE = "Your API key no longer reaches the project chosen for {name}; upload it again."
RATE_LIMITED = "Waiting for IdentityCall's rate limit until {until}."
TRYING_AGAIN = "Try {attempt} of {attempts} failed ({why}); the console tries again at {until}."
GAVE_UP = "Tried {attempts} times. {why}"
SENDING = "Sending it to IdentityCall…"
BROKE = (
    "The console failed while sending {name}, so it may or may not have reached IdentityCall; "
    "Retry sends it again, and it will not be stored twice."
)


def send(upload_id, *, task_id=None, maybe_stored=False):
    """Send one queued upload (the task's body); return its status afterwards, or "" when this
    run had nothing to do (sent already, failed, or being sent by another run)."""
    row = claim(upload_id, task_id)
    if row is None:
        return ""
    try:
        return _send_claimed(row, maybe_stored)
    except Exception:
        # A bug or the database gone mid-send: never leave the row "sending" for ever.
        logger.exception("Sending queued upload %s failed unexpectedly", row.pk)
        try:
            _fail(row, BROKE.format(name=row.original_name))
        except DatabaseError:
            pass
        raise


def _send_claimed(row, maybe_stored):
    client = _client_of(row)
    if client is None:
        return row.status
    paused = ratelimit.paused_for(row.key_fingerprint)
    if paused > 0:  # not a try: nothing is sent
        row.attempts -= 1
        return _later(row, paused, RATE_LIMITED.format(until=_clock(paused)))
    try:
        form = _form(row, client)
    except errors.IdentityCallError as exc:
        return _after_error(row, exc, describe_error(exc), maybe_stored)
    if form is None:
        return _fail(row, PROJECT_GONE.format(name=row.original_name))
    try:
        with local_copy(row) as file:
            batch_size = form.cleaned_data.get("batch_size") or 1
            outcome = send_file(client, row.user, file, form, batch_size, retries=0,
                                maybe_stored=maybe_stored)
    except StagedCopyLost:
        return _fail(row, STAGED_LOST.format(name=row.original_name))
    if outcome.ok:
        return _sent(row, outcome)
    if outcome.error is not None:
        return _after_error(row, outcome.error, outcome.message, maybe_stored)
    return _fail(row, outcome.message)  # refused before sending (the file's type or size)


def claim(upload_id, task_id=None):
    """Return the row, now SENDING for this run and its try counted; None when there is nothing
    for it to send.

    One conditional UPDATE claims it, so of two runs only one sends. A row left SENDING by a
    worker that died mid-send (its task given back to the queue, apps/jobs/beat.py) is claimed
    again, unless another run of its task is still running.
    """
    row = QueuedUpload.objects.select_related("user").filter(pk=upload_id).first()
    if row is None or row.status not in ACTIVE:
        return None
    if row.status == Status.SENDING and _sent_by_another_run(upload_id, task_id):
        return None
    now = timezone.now()
    claimed = QueuedUpload.objects.filter(
        pk=row.pk, status=row.status, updated_at=row.updated_at
    ).update(status=Status.SENDING, message=SENDING, updated_at=now, attempts=row.attempts + 1)
    if not claimed:
        return None
    row.status, row.message, row.updated_at = Status.SENDING, SENDING, now
    row.attempts += 1
    return row


def _sent_by_another_run(upload_id, task_id):
    running = DBTaskResult.objects.running().filter(
        task_path="apps.recordings.tasks.send_queued_upload",
        args_kwargs__args__0=str(upload_id),
    )
    return running.exclude(pk=task_id).exists() if task_id else running.exists()


def _client_of(row):
    """Return a client for the row's user when their key is the one it was queued with; else
    mark the row failed and return None."""
    try:
        client = client_for(row.user)
    except (MissingApiKey, KeyDecryptionError):
        _fail(row, KEY_GONE)
        return None
    if client.fingerprint != row.key_fingerprint:
        _fail(row, KEY_CHANGED)
        return None
    return client


def _form(row, client):
    """Return the row's upload form, valid against the key's projects now; None if invalid."""
    form = UploadForm(QueryDict(urlencode(row.fields)), projects=list_cache.projects(client))
    if not form.is_valid() or str(form.cleaned_data["project"]) != row.fields.get("project"):
        return None  # a key that now sees one other project would fix the form on that one
    return form


def _after_error(row, exc, why, maybe_stored):
    """Queue the row again after a failure a repeat may get past; otherwise mark it failed."""
    maybe_stored = maybe_stored or exc.outcome_unknown
    if isinstance(exc, errors.RateLimitError):
        seconds = wait_seconds(exc, row.attempts)
        ratelimit.pause(row.key_fingerprint, seconds)  # every task using this key waits too
        if may_retry(exc, row.attempts):
            return _later(row, seconds, RATE_LIMITED.format(until=_clock(seconds)), maybe_stored)
    elif may_retry(exc, row.attempts) or _safe_to_repeat(exc, row.attempts):
        seconds = wait_seconds(exc, row.attempts)
        message = TRYING_AGAIN.format(attempt=row.attempts, attempts=settings.JOBS_MAX_ATTEMPTS,
                                      why=_short_reason(exc), until=_clock(seconds))
        return _later(row, seconds, message, maybe_stored)
    logger.info("Queued upload %s failed after %d tries: %s", row.pk, row.attempts,
                type(exc).__name__)
    return _fail(row, GAVE_UP.format(attempts=row.attempts, why=why) if row.attempts > 1 else why)


def _safe_to_repeat(exc, attempts):
    """A 500 is retried too: the upload's external_id makes a repeat safe (docs/api-decisions.md,
    "Background work and the rate limit")."""
    return (isinstance(exc, errors.ServerError) and exc.status == 500
            and attempts < settings.JOBS_MAX_ATTEMPTS)


def _short_reason(exc):
    """Return what went wrong with a try that will be repeated, in a few words."""
    if isinstance(exc, errors.UpstreamTimeout):
        return "IdentityCall did not answer in time"
    if isinstance(exc, errors.TransportError):
        return "the connection to IdentityCall broke"
    return f"IdentityCall answered {exc.status}" if exc.status else "IdentityCall failed"


def _later(row, seconds, message, maybe_stored=False):
    """Give the row back to the queue and enqueue its task `seconds` from now."""
    until = timezone.now() + timedelta(seconds=seconds)
    _update(row, status=Status.QUEUED, message=message, next_attempt_at=until,
            attempts=row.attempts)
    enqueue(row.pk, seconds, maybe_stored=maybe_stored)
    return Status.QUEUED


def _sent(row, outcome):
    """Mark the row sent, with what IdentityCall answered; its staged file is no longer needed."""
    delete_staged(row.staged_name)
    recording = outcome.recording
    _update(row, status=Status.SENT, message=outcome.sentence(), staged_name="",
            recording_id=recording.id, recording_key=recording.ref or "", next_attempt_at=None)
    return Status.SENT


def _fail(row, message):
    """Mark the row failed with why; its staged file stays, so Retry can send it."""
    _update(row, status=Status.FAILED, message=message, next_attempt_at=None)
    return Status.FAILED


def _update(row, **fields):
    fields["message"] = fields.get("message", row.message)[:500]
    fields["updated_at"] = timezone.now()
    for name, value in fields.items():
        setattr(row, name, value)
    QueuedUpload.objects.filter(pk=row.pk).update(**fields)


def _clock(seconds):
    """Return the time of day `seconds` from now, as HH:MM:SS in the console's time zone."""
    return timezone.localtime(timezone.now() + timedelta(seconds=seconds)).strftime("%H:%M:%S")
