"""The console's copies of uploaded audio, for playback: kept, found by either id, forgotten.

IdentityCall has no download (docs/api-decisions.md, "Audio"), so a file uploaded through the
console is kept in STORAGES["default"] (ingest/sending.py keeps it once IdentityCall created its
recording), served by views/audio.py, counted on the kept-audio page, deleted with its recording
through the console or, once older than AUDIO_RETENTION_DAYS, by `manage.py prune_audio`.

STORAGES["default"] is this machine's disk, or with AUDIO_STORAGE_URL a shared S3-compatible
bucket (console/s3_storage.py): the code here is the same for both. Either streams (nothing holds
a whole file in memory), and either fails with OSError: FileNotFoundError for a missing file, and
errno EIO when the storage itself cannot be used (a disk's I/O error, a bucket that does not
answer), which `unavailable()` tells apart.
"""

import errno
import logging
import mimetypes
import os
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..models import StoredAudio

logger = logging.getLogger(__name__)


def keep_copy(*, recording, original_name, sha256, user, path=None, file=None):
    """Store the audio of `recording`; return the StoredAudio (an existing one is kept).

    Give `file`, an uploaded temp file (moved into local storage without copying when it is on
    the same disk; uploaded from its path, part by part, to a bucket), or `path`, a file to copy.
    Raise OSError (no row kept) when the storage failed.
    """
    key = recording.public_id or str(recording.id)
    existing = find(key)
    if existing is not None:
        return existing
    # The one guess of a kept copy's type, from its name; what it is served as (views/audio.py).
    content_type = mimetypes.guess_type(original_name)[0] or "application/octet-stream"
    safe_name = os.path.basename(original_name).replace("/", "_") or "audio"
    with ExitStack() as stack:
        if file is None:
            file = File(stack.enter_context(open(path, "rb")))
        audio = StoredAudio(
            recording_key=key,
            recording_id=recording.id,
            uploaded_by=user,
            original_name=original_name[:255],
            content_type=content_type,
            size=file.size,
            sha256=sha256,
        )
        # FileSystemStorage moves a file that has a temporary_file_path() instead of copying it;
        # console/s3_storage.py uploads it from that path, 8 MiB at a time.
        audio.file.save(safe_name, file, save=False)
    try:
        with transaction.atomic():
            audio.save()
    except IntegrityError:
        # A concurrent upload of the same recording won; keep theirs and drop ours.
        audio.file.delete(save=False)
        return find(key)
    except BaseException:
        # No row names the moved file (a database down, a lost connection): never an orphan.
        audio.file.delete(save=False)
        raise
    return audio


def find(ref):
    """Return the StoredAudio for a public_id or integer id string, or None."""
    return find_any(ref)


def find_any(*refs):
    """Return the StoredAudio kept under the first of `refs` (public_ids or ids) that names one,
    in one query (a player asks on every Range request), or None."""
    # Either id may name the copy (docs/api-decisions.md, "Recording identifiers").
    keys = [str(ref) for ref in refs if ref is not None]
    ids = [int(key) for key in keys if key.isascii() and key.isdigit()]
    rows = list(StoredAudio.objects.filter(Q(recording_key__in=keys) | Q(recording_id__in=ids)))
    for key in keys:
        for row in rows:
            if key in (row.recording_key, str(row.recording_id)):
                return row
    return None


def kept_among(recordings):
    """Return the refs of `recordings` the console keeps a copy of (one query: a list page)."""
    keys = {str(r.public_id) for r in recordings if r.public_id}
    ids = {r.id for r in recordings if r.id is not None}
    rows = StoredAudio.objects.filter(Q(recording_key__in=keys) | Q(recording_id__in=ids))
    found = set()
    for key, number in rows.values_list("recording_key", "recording_id"):
        found.update({key} if number is None else {key, str(number)})
    return {r.ref for r in recordings if r.ref in found or (r.id is not None and str(r.id) in found)}


def copy_of(recording):
    """Return the StoredAudio kept for `recording` (under its public_id or its id), or None."""
    return find_any(recording.ref, recording.id)


def playable(*refs):
    """Return True when a copy is kept under one of `refs` and its file is still in storage."""
    stored = find_any(*refs)
    if stored is None or not stored.file.name:
        return False
    try:
        # A row whose file went missing (a failed prune, a lost volume) must not show a player
        # that cannot play.
        return stored.file.storage.exists(stored.file.name)
    except OSError as exc:
        # The storage does not answer: the copy is not known to be gone, so the player stays and
        # the audio itself says the storage is unavailable (views/audio.py).
        logger.warning("Could not check the audio copy of %s: %s", stored.recording_key, exc)
        return True


def open_copy(copy):
    """Return (an open binary handle, its size in bytes) of a copy's file; raise OSError
    (FileNotFoundError when the file is gone). Neither storage reads the file until asked."""
    handle = copy.file.storage.open(copy.file.name, "rb")
    try:
        return handle, handle.size
    except BaseException:
        handle.close()
        raise


def unavailable(exc):
    """Return True when OSError `exc` says the storage itself failed, not one file: every other
    file would fail the same way now (a bucket not answering, a disk's I/O error)."""
    return exc.errno == errno.EIO


def where_kept():
    """Return where copies are kept, for people: "on the console’s disk" or "in shared object
    storage"."""
    storage = StoredAudio._meta.get_field("file").storage
    if hasattr(storage, "bucket_name"):  # console/s3_storage.py
        return "in shared object storage"
    return "on the console’s disk"


def forget(ref):
    """Delete the stored copy (file and row) of a recording, if any."""
    audio = find(ref)
    if audio is not None:
        delete_copy(audio)


def delete_copy(copy):
    """Delete one copy's file, then its row; raise OSError, keeping the row, when the file could
    not be deleted (a file already gone is no reason to keep the row: storage ignores it)."""
    copy.file.delete(save=False)
    copy.delete()


def older_than(days):
    """Return the copies kept for more than `days` days, oldest first."""
    cutoff = timezone.now() - timedelta(days=days)
    return list(StoredAudio.objects.filter(created_at__lt=cutoff).order_by("created_at"))


@dataclass(frozen=True)
class Kept:
    """How many audio copies the console keeps, and their total size in bytes."""

    count: int
    size: int


def kept(user=None) -> Kept:
    """Return the copies kept: those `user` uploaded, or every copy when user is None."""
    copies = StoredAudio.objects.all() if user is None else StoredAudio.objects.filter(
        uploaded_by=user
    )
    totals = copies.aggregate(count=Count("pk"), size=Sum("size"))
    return Kept(count=totals["count"], size=totals["size"] or 0)
