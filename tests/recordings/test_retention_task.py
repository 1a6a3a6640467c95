"""Retention on a schedule: the periodic task deletes exactly what `manage.py prune_audio` would,
and is scheduled only while AUDIO_RETENTION_DAYS is set."""

import hashlib
import json
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from apps.identitycall.resources import Recording
from apps.jobs import periodic
from apps.recordings.ingest import storage
from apps.recordings.models import StoredAudio
from apps.recordings.retention import prune_kept_audio
from tests.taskqueue import run_queued

TASK = "apps.recordings.retention.prune_kept_audio"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def copy_aged(days, number):
    content = bytes([number]) * 1000
    recording = Recording(id=number, public_id=f"018f3a00-0000-7000-8000-{number:012d}")
    kept = storage.keep_copy(recording=recording, file=SimpleUploadedFile(f"{number}.wav", content),
                             original_name=f"{number}.wav", user=None,
                             sha256=hashlib.sha256(content).hexdigest())
    StoredAudio.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(days=days))


def files_in(media):
    return sorted(path.name for path in media.rglob("*") if path.is_file())


def test_the_task_deletes_what_prune_audio_would(db, settings, media):
    settings.AUDIO_RETENTION_DAYS = 30
    for days, number in [(31, 1), (90, 2), (29, 3), (1, 4)]:
        copy_aged(days, number)
    dry = StringIO()
    call_command("prune_audio", "--dry-run", verbosity=2, stdout=dry)
    would = sorted(f"{n}.wav" for n in range(1, 5) if f"{n}.wav (recording" in dry.getvalue())

    prune_kept_audio.enqueue()
    [ran] = run_queued()

    assert ran.status == "SUCCESSFUL"
    assert ran.return_value == "Deleted 2 audio copies older than 30 days, freeing 2.0 KB."
    assert would == ["1.wav", "2.wav"]
    assert files_in(media) == ["3.wav", "4.wav"]
    assert sorted(StoredAudio.objects.values_list("recording_id", flat=True)) == [3, 4]


def test_without_a_retention_the_task_deletes_nothing(db, settings, media):
    settings.AUDIO_RETENTION_DAYS = None
    copy_aged(400, 1)

    prune_kept_audio.enqueue()
    [ran] = run_queued()

    assert ran.return_value == "AUDIO_RETENTION_DAYS is not set: nothing was pruned."
    assert files_in(media) == ["1.wav"]


def test_a_copy_that_cannot_be_deleted_is_logged_and_kept_for_the_next_run(db, settings, media,
                                                                           monkeypatch, caplog):
    settings.AUDIO_RETENTION_DAYS = 30
    copy_aged(31, 1)

    def refuse(copy):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(storage, "delete_copy", refuse)
    prune_kept_audio.enqueue()
    [ran] = run_queued()

    assert ran.status == "SUCCESSFUL"
    assert "Retention: Could not delete audio/" in caplog.text
    assert StoredAudio.objects.count() == 1


def test_the_task_is_enqueued_once_a_period(db, settings):
    settings.PERIODIC_TASKS = {TASK: 6 * 3600}
    now = timezone.now()

    assert periodic.enqueue_due(now) == [TASK]
    assert periodic.enqueue_due(now + timedelta(hours=1)) == []
    run_queued()
    assert periodic.enqueue_due(now + timedelta(hours=6, seconds=1)) == [TASK]


def schedule_with(**env):
    """Return PERIODIC_TASKS as the settings build it from this environment."""
    code = "import json, console.settings.base as b; print(json.dumps(b.PERIODIC_TASKS))"
    environ = {k: v for k, v in os.environ.items() if k not in ("AUDIO_RETENTION_DAYS",)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ | env,
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_it_is_scheduled_every_six_hours_only_while_a_retention_is_set():
    assert TASK not in schedule_with()
    assert schedule_with(AUDIO_RETENTION_DAYS="30")[TASK] == 6 * 3600
    hourly = schedule_with(AUDIO_RETENTION_DAYS="30", AUDIO_PRUNE_INTERVAL_SECONDS="3600")
    assert hourly[TASK] == 3600
