"""The console's copies of uploaded audio: kept after upload, found by either recording id."""

import mimetypes
import os
from contextlib import ExitStack
from dataclasses import dataclass

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum

from .models import StoredAudio


def keep_copy(*, recording, original_name, sha256, user, path=None, file=None):
    """Store the audio of `recording`; return the StoredAudio (an existing one is kept).

    Give `file`, an uploaded temp file (moved into local storage without copying when it is on
    the same disk), or `path`, a file to copy.
    """
    key = recording.public_id or str(recording.id)
    existing = find(key)
    if existing is not None:
        return existing
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
        # FileSystemStorage moves a file that has a temporary_file_path() instead of copying it.
        audio.file.save(safe_name, file, save=False)
    try:
        with transaction.atomic():
            audio.save()
    except IntegrityError:
        # A concurrent upload of the same recording won; keep theirs and drop ours.
        audio.file.delete(save=False)
        return find(key)
    return audio


def find(ref):
    """Return the StoredAudio for a public_id or integer id string, or None."""
    ref = str(ref)
    query = StoredAudio.objects.filter(recording_key=ref)
    if ref.isdigit():
        query = StoredAudio.objects.filter(recording_key=ref) | StoredAudio.objects.filter(
            recording_id=int(ref)
        )
    return query.first()


def playable(*refs):
    """Return True when a copy is kept under one of `refs` and its file is still in storage."""
    for ref in refs:
        if ref is not None and (stored := find(ref)) is not None:
            # A row whose file went missing (a failed prune, a lost volume) must not show a
            # player that cannot play.
            return bool(stored.file.name) and stored.file.storage.exists(stored.file.name)
    return False


def forget(ref):
    """Delete the stored copy (file and row) of a recording, if any."""
    audio = find(ref)
    if audio is not None:
        audio.file.delete(save=False)
        audio.delete()


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
