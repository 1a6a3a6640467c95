"""The task that sends a queued upload: sent once whatever happens to its runs, waiting out
IdentityCall's rate limit and back-off without sleeping, failing with a clear sentence (its file
kept for Retry) when a repeat cannot help or the key changed."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.jobs import ratelimit
from apps.recordings.ingest import queue
from apps.recordings.ingest.queue import local_copy
from apps.recordings.models import QueuedUpload, StoredAudio
from apps.recordings.tasks import prune_queued_uploads
from tests import transport_faults
from tests.factories import BASE, OTHER_KEY, give_key
from tests.recordings.conftest import project_json
from tests.recordings.test_queued_uploads import make_row, queue_one
from tests.recordings.uploading import NEW_REF, WAV, WAV_SHA, fake_projects, fake_upload
from tests.taskqueue import queued, run_after_of, run_queued

pytestmark = pytest.mark.usefixtures("private_dirs")

Status = QueuedUpload.Status


@pytest.fixture
def clock(monkeypatch):
    """Move the rate-limit pause's clock forward (`clock.advance(seconds)`), as if time passed."""

    class Clock:
        offset = 0.0

        def time(self):
            return time.time() + self.offset

        def advance(self, seconds):
            self.offset += seconds

    fake = Clock()
    monkeypatch.setattr(ratelimit, "time", fake)
    return fake


@pytest.fixture
def queued_file(keyed, upstream, user):
    """One file queued through the endpoint (upload.js's batch path); return its row."""
    fake_projects(upstream)
    assert queue_one(keyed, name="Week 12").status_code == 202
    return QueuedUpload.objects.get()


def refresh(row):
    row.refresh_from_db()
    return row


def come_due():
    """Let the tasks waiting for their run_after run now, as if that time had come."""
    queued(include_later=True).update(run_after=timezone.now())


def rate_limited(upstream, seconds):
    upstream.post(f"{BASE}/recordings", status=429, headers={"Retry-After": str(seconds)},
                  json={"error": "Rate limit exceeded"})


def test_the_task_sends_the_file_and_marks_it_sent(queued_file, upstream, user):
    sent = fake_upload(upstream)
    staged = queued_file.staged_name

    ran = run_queued()

    row = refresh(queued_file)
    assert [task.return_value for task in ran] == ["sent"]
    assert row.status == Status.SENT and row.attempts == 1
    assert (row.recording_key, row.recording_id) == (NEW_REF, 501)
    assert "call.wav was uploaded as “call”; IdentityCall is processing it." in row.message
    assert sent == [{"project_id": "1", "language": "en", "name": "Week 12 – call",
                     "external_id": "console-" + WAV_SHA[:32], "file": ("call.wav", WAV)}]
    assert StoredAudio.objects.get(recording_key=NEW_REF).uploaded_by == user  # kept to play
    assert row.staged_name == "" and not default_storage.exists(staged)


def test_a_file_identitycall_already_has_is_sent_as_a_replay(queued_file, upstream):
    fake_upload(upstream, status=200)

    run_queued()

    row = refresh(queued_file)
    assert row.status == Status.SENT
    assert "call.wav was already uploaded as “call”; it was not stored again." in row.message


def test_running_the_task_twice_sends_once(queued_file, upstream):
    sent = fake_upload(upstream)
    queue.enqueue(queued_file.id)  # a duplicate, as a requeue after a lost worker would make

    ran = run_queued()

    assert len(ran) == 2 and [task.return_value for task in ran] == ["sent", ""]
    assert len(sent) == 1


def test_a_row_another_run_is_sending_is_left_to_it(queued_file, upstream):
    sent = fake_upload(upstream)
    QueuedUpload.objects.filter(pk=queued_file.pk).update(status=Status.SENDING)
    other = queue.enqueue(queued_file.id)
    DBTaskResult.objects.filter(pk=other.id).update(status="RUNNING", started_at=timezone.now())

    ran = run_queued()

    assert [task.return_value for task in ran] == [""]
    assert sent == [] and refresh(queued_file).status == Status.SENDING


def test_a_row_left_sending_by_a_dead_worker_is_sent_by_the_next_run(queued_file, upstream):
    # The worker died mid-send; its task went back to the queue (apps/jobs/beat.py).
    sent = fake_upload(upstream)
    QueuedUpload.objects.filter(pk=queued_file.pk).update(status=Status.SENDING)

    run_queued()

    assert refresh(queued_file).status == Status.SENT and len(sent) == 1


def test_a_429_pauses_the_key_and_the_task_comes_back_after_retry_after(
    queued_file, upstream, clock
):
    rate_limited(upstream, 2)
    sent = fake_upload(upstream)

    run_queued()

    row = refresh(queued_file)
    assert row.status == Status.QUEUED
    assert row.message.startswith("Waiting for IdentityCall's rate limit until ")
    later = queued(include_later=True).get()
    assert 1.5 < run_after_of(later) <= 2.0
    assert 1.5 < ratelimit.paused_for(row.key_fingerprint) <= 2.0
    assert sent == []

    clock.advance(2)
    run_queued(include_later=True)

    assert refresh(queued_file).status == Status.SENT and len(sent) == 1


def test_a_pause_set_by_another_task_is_waited_out_without_sending(queued_file, upstream, clock):
    sent = fake_upload(upstream)
    ratelimit.pause(queued_file.key_fingerprint, 30)

    run_queued()

    row = refresh(queued_file)
    assert (row.status, row.attempts, sent) == (Status.QUEUED, 0, [])
    assert 29 < run_after_of(queued(include_later=True).get()) <= 30
    clock.advance(30)
    run_queued(include_later=True)
    assert refresh(queued_file).status == Status.SENT


def delay_set_by(run):
    """Run `run`; return the back-off it gave the queued row, as the seconds between its
    run_after and the moments just after (shortest) and just before (longest) the run: the
    delay lies between them, however long the run took."""
    before = timezone.now()
    run()
    after = timezone.now()
    run_after = queued(include_later=True).get().run_after
    return SimpleNamespace(shortest=(run_after - after).total_seconds(),
                           longest=(run_after - before).total_seconds())


@pytest.mark.parametrize("fault", ["500", "502", "dropped"])
def test_a_5xx_or_a_dropped_connection_is_retried_with_back_off(queued_file, upstream, settings,
                                                                fault):
    # A 500 too: the external_id makes a repeat of an upload safe.
    settings.JOBS_RETRY_BASE_SECONDS = 5
    for _ in range(2):
        if fault != "dropped":
            upstream.post(f"{BASE}/recordings", status=int(fault), json={"error": "Failed"})
        else:
            upstream.post(f"{BASE}/recordings", body=transport_faults.dropped())
    sent = fake_upload(upstream)

    first = delay_set_by(run_queued)
    row = refresh(queued_file)
    assert row.status == Status.QUEUED and row.message.startswith("Try 1 of 6 failed (")
    come_due()
    second = delay_set_by(run_queued)
    come_due()
    run_queued()

    # 5 s, then 10 s, ±20 % jitter
    assert 4 <= first.longest and first.shortest <= 6
    assert 8 <= second.longest and second.shortest <= 12
    row = refresh(queued_file)
    assert (row.status, row.attempts, len(sent)) == (Status.SENT, 3, 1)


def test_after_jobs_max_attempts_it_fails_with_a_clear_sentence(queued_file, upstream, settings):
    settings.JOBS_MAX_ATTEMPTS = 3
    upstream.post(f"{BASE}/recordings", status=503, json={"error": "Service unavailable"})

    ran = run_queued(include_later=True)

    row = refresh(queued_file)
    assert len(ran) == 3 and row.status == Status.FAILED and row.attempts == 3
    assert row.message == (
        "Tried 3 times. IdentityCall answered with an error, so call.wav may or may not have "
        "been stored. Sending it again is safe: it will not be stored twice."
    )
    assert default_storage.exists(row.staged_name)  # kept, so Retry can send it
    assert not queued(include_later=True).exists()


def test_another_5xx_is_not_repeated(queued_file, upstream):
    upstream.post(f"{BASE}/recordings", status=501, json={"error": "Not implemented"})

    ran = run_queued(include_later=True)

    row = refresh(queued_file)
    assert len(ran) == 1 and row.status == Status.FAILED
    assert row.message.startswith("IdentityCall answered with an error, so call.wav may or may not")


def test_a_refusal_fails_at_once_with_why(queued_file, upstream):
    upstream.post(f"{BASE}/recordings", status=422, json={"errors": ["file is not valid audio"]})

    ran = run_queued(include_later=True)

    row = refresh(queued_file)
    assert len(ran) == 1 and row.status == Status.FAILED
    assert row.message == "IdentityCall refused call.wav: file is not valid audio"


def test_a_rejected_key_fails_and_says_so(queued_file, upstream, settings):
    upstream.post(f"{BASE}/recordings", status=401, json={"error": "Invalid or expired API key"})

    run_queued(include_later=True)

    row = refresh(queued_file)
    assert row.status == Status.FAILED and "IdentityCall rejected your API key." in row.message


def test_a_changed_key_fails_the_upload_with_the_sentence(queued_file, upstream, user):
    sent = fake_upload(upstream)
    give_key(user, OTHER_KEY)

    run_queued()

    row = refresh(queued_file)
    assert row.status == Status.FAILED
    assert row.message == (
        "Your API key changed since this file was queued; Retry sends it with the new key."
    )
    assert sent == [] and default_storage.exists(row.staged_name)
    assert OTHER_KEY not in row.message and "idc_" not in row.message


def test_a_removed_key_fails_the_upload(queued_file, upstream, user):
    user.api_key.delete()

    run_queued()

    assert refresh(queued_file).message == (
        "Your API key was removed since this file was queued; save a key, then Retry.")


def test_a_project_the_key_no_longer_reaches_fails_the_upload(queued_file, upstream):
    upstream.replace("GET", f"{BASE}/projects", json={"data": [project_json(id=9)]})
    from django.core.cache import cache

    cache.clear()  # the projects list the request kept
    sent = fake_upload(upstream)

    run_queued()

    row = refresh(queued_file)
    assert row.status == Status.FAILED and sent == []
    assert row.message == (
        "Your API key no longer reaches the project chosen for call.wav; upload it again.")


def test_a_staged_file_that_is_gone_or_changed_fails_the_upload(queued_file, upstream):
    sent = fake_upload(upstream)
    default_storage.delete(queued_file.staged_name)
    default_storage.save(queued_file.staged_name, _bytes(b"other bytes"))

    run_queued()

    row = refresh(queued_file)
    assert row.status == Status.FAILED and sent == []
    assert row.message == "The console no longer has its copy of call.wav; upload it again."


def test_on_local_disk_the_staged_file_is_sent_in_place(user, private_dirs):
    row = make_row(user)

    with local_copy(row) as file:
        assert file.temporary_file_path() == default_storage.path(row.staged_name)
        assert (file.name, file.size, file.sha256) == ("call.wav", len(WAV), WAV_SHA)

    assert list(private_dirs.iterdir()) == []  # no temp copy was made


@pytest.fixture
def remote_storage(monkeypatch):
    """A storage without local paths, as S3's (path() raises NotImplementedError there): the
    task works from a temp copy."""
    monkeypatch.setattr("apps.recordings.ingest.queue._local_path", lambda name: None)


def test_from_remote_storage_a_checked_temp_copy_is_sent_and_deleted(user, private_dirs,
                                                                     remote_storage):
    row = make_row(user)

    with local_copy(row) as file:
        path = file.temporary_file_path()
        assert path.startswith(str(private_dirs))
        assert file.sha256 == WAV_SHA and file.size == len(WAV)
        assert open(path, "rb").read() == WAV

    assert list(private_dirs.iterdir()) == []


def test_from_remote_storage_the_whole_task_sends_and_keeps_a_copy(queued_file, upstream,
                                                                   remote_storage, private_dirs):
    sent = fake_upload(upstream)

    run_queued()

    assert refresh(queued_file).status == Status.SENT and len(sent) == 1
    assert StoredAudio.objects.get(recording_key=NEW_REF).file.read() == WAV
    assert list(private_dirs.iterdir()) == []


def test_a_staged_file_changed_in_remote_storage_is_not_sent(queued_file, upstream,
                                                             remote_storage):
    sent = fake_upload(upstream)
    default_storage.delete(queued_file.staged_name)
    default_storage.save(queued_file.staged_name, _bytes(WAV[::-1]))  # same size, other bytes

    run_queued()

    assert refresh(queued_file).status == Status.FAILED and sent == []


def test_an_unexpected_failure_mid_send_leaves_the_upload_failed_not_sending(queued_file,
                                                                           upstream, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("apps.recordings.ingest.queue_sending.send_file", broken)

    ran = run_queued()

    row = refresh(queued_file)
    assert ran[0].status == "FAILED"  # the task's result keeps the traceback for the admin
    assert row.status == Status.FAILED
    assert row.message == (
        "The console failed while sending call.wav, so it may or may not have reached "
        "IdentityCall; Retry sends it again, and it will not be stored twice.")
    assert default_storage.exists(row.staged_name)


def test_a_task_for_an_upload_that_is_gone_does_nothing(db):
    queue.enqueue("00000000-0000-0000-0000-000000000000")

    ran = run_queued()

    assert [task.return_value for task in ran] == [""]


def test_sent_uploads_are_forgotten_after_a_day(user):
    old = make_row(user, status=Status.SENT, staged=False)
    QueuedUpload.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    recent = make_row(user, status=Status.SENT, staged=False, name="recent.wav")
    failed = make_row(user, status=Status.FAILED, name="failed.wav")
    QueuedUpload.objects.filter(pk=failed.pk).update(updated_at=timezone.now() - timedelta(days=9))

    assert {row.pk for row in queue.shown_to(user)} == {recent.pk, failed.pk}
    assert prune_queued_uploads.call() == 1
    assert set(QueuedUpload.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}


def _bytes(content):
    from django.core.files.base import ContentFile

    return ContentFile(content)

