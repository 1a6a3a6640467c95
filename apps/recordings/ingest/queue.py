"""Queued uploads: once a file has fully reached the console, sending it is the console's job.

A batch's files (upload.js posts each to `recordings:upload_queue`) are received whole through
the same reader and HashingWriter as a relayed file (ingest/incoming.py), staged in
STORAGES["default"] under `queued/<id>-<name>`, and recorded as a QueuedUpload; the task
`send_queued_upload` (apps/recordings/tasks.py) then sends each with send_file, in a worker,
whether or not the tab is still open (ingest/queue_sending.py does the sending; `local_copy`
here hands it the staged file as send_file wants one). The recordings page lists a user's rows
(views/queue.py), with Retry and Dismiss.

Sending is safe to repeat: a run claims its row with one conditional UPDATE (two runs never send
at once), a row already sent is left alone, and the content-derived external_id makes a second
send a replay, never a duplicate (docs/api-decisions.md, "Queued uploads"). Failures a repeat may
get past (5xx, dropped connections) come back after a back-off, a 429 after IdentityCall's
Retry-After, paused for every task using that key (apps/jobs/ratelimit.py); a worker never sleeps.
"""

import logging
import os
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.jobs.retry import enqueue_later

from ..models import QueuedUpload
from .receiving import CHUNK, HashingWriter

logger = logging.getLogger(__name__)

Status = QueuedUpload.Status
ACTIVE = (Status.QUEUED, Status.SENDING)
STAGING = "queued"
SENT_SHOWN_FOR = timedelta(hours=24)  # how long a sent file stays in the list of uploads

WAITING = "Waiting for the console to send it."
QUEUED_AGAIN = "Queued again; the console will send it."
NOT_STAGED = "The console could not store {name}, so it was not queued. Try again."


def stage(user, fingerprint, file, fields):
    """Stage a fully arrived upload (a received temp file carrying `sha256`) and queue it for
    sending with the key of `fingerprint`; return its QueuedUpload."""
    upload_id = uuid.uuid4()
    # FileSystemStorage moves a file that has a temporary_file_path() instead of copying it.
    # One folder for all (no empty folder left per upload on a disk), the row's id first.
    staged = default_storage.save(f"{STAGING}/{upload_id}-{safe_name(file.name)}", file)
    try:
        # The row and its task together or neither (the queue is in the same database): a row
        # without a task would wait for ever.
        with transaction.atomic():
            row = QueuedUpload.objects.create(
                id=upload_id, user=user, key_fingerprint=fingerprint,
                original_name=file.name[:255], size=file.size, sha256=file.sha256, fields=fields,
                staged_name=staged, message=WAITING,
            )
            enqueue(row.id)
    except BaseException:
        # No row names the staged file (a database down): never an orphan.
        default_storage.delete(staged)
        raise
    logger.info("Upload %s queued for user %s (%d bytes)", row.id, user.pk, row.size)
    return row


def safe_name(name):
    """Return the last part of a file name, safe as a storage name's last part."""
    return os.path.basename(name.replace("\\", "/")).replace("\x00", "")[:200] or "audio"


def enqueue(upload_id, seconds=0, *, maybe_stored=False):
    """Enqueue the task sending `upload_id`, to run now or `seconds` from now."""
    from ..tasks import send_queued_upload  # the task module imports this one

    if seconds > 0:
        return enqueue_later(send_queued_upload, seconds, str(upload_id), maybe_stored=maybe_stored)
    return send_queued_upload.enqueue(str(upload_id), maybe_stored=maybe_stored)


def has_active(user):
    """Return True when `user` has a file queued or being sent (then uploads join the queue)."""
    return QueuedUpload.objects.filter(user=user, status__in=ACTIVE).exists()


def shown_to(user, now=None):
    """Return the user's rows the recordings page shows: queued, sending, failed, and sent within
    SENT_SHOWN_FOR; newest first. Only ever the user's own."""
    since = (now or timezone.now()) - SENT_SHOWN_FOR
    rows = QueuedUpload.objects.filter(user=user).exclude(status=Status.SENT, updated_at__lt=since)
    return list(rows.order_by("-created_at")[:500])


def retry(user, upload_id, fingerprint):
    """Queue a failed upload of `user` again, to be sent with the key of `fingerprint` (the
    current one); return the row, or None when it is not theirs, not failed or has no file."""
    with transaction.atomic():  # queued again and its task, together
        claimed = QueuedUpload.objects.filter(
            pk=upload_id, user=user, status=Status.FAILED
        ).exclude(staged_name="").update(
            status=Status.QUEUED, attempts=0, message=QUEUED_AGAIN, next_attempt_at=None,
            key_fingerprint=fingerprint, updated_at=timezone.now(),
        )
        if not claimed:  # a double click: the first one queued it
            return None
        enqueue(upload_id)
    return QueuedUpload.objects.get(pk=upload_id)


def dismiss(user, upload_id):
    """Forget a failed or sent upload of `user` and delete its staged file; return its row, or
    None when it is not theirs or still queued or sending."""
    row = QueuedUpload.objects.filter(
        pk=upload_id, user=user, status__in=(Status.FAILED, Status.SENT)
    ).first()
    if row is None:
        return None
    delete_staged(row.staged_name)
    row.delete()
    return row


def clear_sent(user):
    """Forget `user`'s sent uploads (their staged files are gone already); return how many."""
    return QueuedUpload.objects.filter(user=user, status=Status.SENT).delete()[0]


class StagedCopyLost(Exception):
    """The staged file is missing or no longer the file that arrived."""


@contextmanager
def local_copy(row):
    """Yield the staged file as send_file wants it: a local file with a path, its name, size and
    hash. On this machine's disk that is the staged file itself (the kept copy then moves it, as
    it moves a relayed upload's temp file); from remote storage (S3), a temp copy checked against
    the hash it arrived with. Raise StagedCopyLost when it is gone or changed."""
    path = _local_path(row.staged_name)
    if path is not None:
        try:
            handle = open(path, "rb")  # noqa: SIM115  (closed by the with below)
        except FileNotFoundError as exc:
            raise StagedCopyLost(str(exc)) from exc
        with handle:
            if os.fstat(handle.fileno()).st_size != row.size:
                raise StagedCopyLost("the staged file is not the file that arrived")
            yield _Staged(handle, row, path)
        return
    file = TemporaryUploadedFile(row.original_name, None, row.size, None)
    try:
        writer = HashingWriter(file)
        try:
            with default_storage.open(row.staged_name, "rb") as staged:
                while chunk := staged.read(CHUNK):
                    writer.write(chunk)
        except (OSError, ValueError) as exc:  # ValueError: an empty staged_name
            raise StagedCopyLost(str(exc)) from exc
        if writer.finish() != row.sha256 or writer.written != row.size:
            raise StagedCopyLost("the staged file is not the file that arrived")
        yield file
    finally:
        file.close()  # deletes the temp file, unless the kept copy took it


def _local_path(name):
    """Return the staged file's path when the storage is this machine's disk, else None."""
    if not name:
        return None
    try:
        return default_storage.path(name)
    except NotImplementedError:  # remote storage: no local path
        return None


class _Staged(File):
    """The staged file on local disk, as a received temp file looks (ingest/receiving.py)."""

    def __init__(self, handle, row, path):
        super().__init__(handle, name=row.original_name)
        self.size, self.sha256, self._path = row.size, row.sha256, path

    def temporary_file_path(self):
        return self._path


def delete_staged(name):
    """Delete a staged file; one already gone is no error, one that cannot be deleted is logged."""
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("A staged upload could not be deleted")


def forget_old_sent(now=None):
    """Delete the rows of uploads sent longer ago than SENT_SHOWN_FOR; return how many."""
    since = (now or timezone.now()) - SENT_SHOWN_FOR
    old = QueuedUpload.objects.filter(status=Status.SENT, updated_at__lt=since)
    for name in old.exclude(staged_name="").values_list("staged_name", flat=True):
        delete_staged(name)
    return old.delete()[0]


def owned_by(user, upload_id):
    """Return True when the upload exists and is `user`'s."""
    return QueuedUpload.objects.filter(pk=upload_id, user=user).exists()
