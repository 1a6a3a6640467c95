"""`manage.py prune_audio`: kept audio older than AUDIO_RETENTION_DAYS is deleted, file and row."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.identitycall.resources import Recording
from apps.recordings.ingest import storage
from apps.recordings.models import StoredAudio


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def copy_aged(days, *, number, size=1000, user=None):
    """Keep `size` bytes as recording `number`'s audio, uploaded `days` days ago."""
    content = bytes([number % 256]) * size
    recording = Recording(id=number, public_id=f"018f3a00-0000-7000-8000-{number:012d}")
    kept = storage.keep_copy(recording=recording, file=SimpleUploadedFile(f"{number}.wav", content),
                           original_name=f"{number}.wav", user=user,
                           sha256=hashlib.sha256(content).hexdigest())
    StoredAudio.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(days=days))
    return kept


def prune(*args):
    out = StringIO()
    call_command("prune_audio", *args, stdout=out)
    return out.getvalue()


def files_in(media):
    return sorted(path.name for path in media.rglob("*") if path.is_file())


def test_without_a_retention_nothing_is_deleted_and_it_says_so(db, settings, media):
    settings.AUDIO_RETENTION_DAYS = None
    copy_aged(400, number=1)

    output = prune()

    assert "AUDIO_RETENTION_DAYS is not set, so audio copies are kept: nothing was deleted." in output
    assert StoredAudio.objects.count() == 1
    assert files_in(media) == ["1.wav"]


def test_copies_older_than_the_retention_are_deleted_file_and_row(db, settings, media):
    settings.AUDIO_RETENTION_DAYS = 30
    copy_aged(31, number=1, size=1500)
    copy_aged(90, number=2, size=2500)
    copy_aged(29, number=3)

    output = prune()

    assert "Deleted 2 audio copies older than 30 days, freeing 3.9 KB." in output
    assert list(StoredAudio.objects.values_list("recording_id", flat=True)) == [3]
    assert files_in(media) == ["3.wav"]


def test_days_overrides_the_setting(db, settings, media):
    settings.AUDIO_RETENTION_DAYS = None
    copy_aged(8, number=1)
    copy_aged(6, number=2)

    output = prune("--days", "7")

    assert "Deleted 1 audio copy older than 7 days, freeing 1000 bytes." in output
    assert files_in(media) == ["2.wav"]


def test_a_dry_run_lists_what_would_go_and_deletes_nothing(db, settings, media):
    settings.AUDIO_RETENTION_DAYS = 30
    copy_aged(31, number=1)

    output = prune("--dry-run", "--verbosity", "2")

    assert "1.wav (recording 018f3a00-0000-7000-8000-000000000001" in output
    assert "Would delete 1 audio copy older than 30 days, freeing 1000 bytes (dry run: nothing was deleted)." in output
    assert StoredAudio.objects.count() == 1
    assert files_in(media) == ["1.wav"]


def test_nothing_old_enough_says_so(db, settings):
    settings.AUDIO_RETENTION_DAYS = 30
    copy_aged(1, number=1)

    assert "No audio copies are older than 30 days." in prune()
    assert StoredAudio.objects.count() == 1


def test_a_copy_whose_file_is_already_gone_loses_its_row(db, settings, media):
    settings.AUDIO_RETENTION_DAYS = 30
    kept = copy_aged(31, number=1)
    kept.file.storage.delete(kept.file.name)

    output = prune()

    assert "Deleted 1 audio copy older than 30 days" in output
    assert not StoredAudio.objects.exists()


def test_a_pruned_copy_is_no_longer_served(keyed, upstream, settings):
    from tests.factories import BASE
    from tests.recordings.conftest import recording_json

    settings.AUDIO_RETENTION_DAYS = 30
    kept = copy_aged(31, number=77)
    ref = kept.recording_key
    upstream.get(f"{BASE}/recordings/{ref}", json={"data": recording_json(id=77, public_id=ref)})

    prune()

    assert keyed.get(f"/recordings/{ref}/audio").status_code == 404


@pytest.mark.parametrize("days", ["-1", "soon"])
def test_a_negative_or_unreadable_days_is_refused(db, days):
    with pytest.raises(CommandError, match="--days"):
        prune("--days", days)


def test_a_copy_that_cannot_be_deleted_keeps_its_row_and_the_rest_go_on(db, settings, media, monkeypatch):
    settings.AUDIO_RETENTION_DAYS = 30
    stuck = copy_aged(40, number=1)
    copy_aged(35, number=2)
    real_delete = FileSystemStorage.delete

    def delete(storage, name):
        if name == stuck.file.name:
            raise PermissionError(13, "Permission denied")
        real_delete(storage, name)

    monkeypatch.setattr(FileSystemStorage, "delete", delete)
    errors = StringIO()

    out = StringIO()
    call_command("prune_audio", stdout=out, stderr=errors)

    assert f"Could not delete {stuck.file.name}: Permission denied" in errors.getvalue()
    assert "Deleted 1 audio copy older than 30 days, freeing 1000 bytes." in out.getvalue()
    assert list(StoredAudio.objects.values_list("recording_id", flat=True)) == [1]
