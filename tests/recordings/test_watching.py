"""Watching recordings after the page is closed: a recording IdentityCall created (201) from an
upload is watched for its uploader; the periodic task tells them once when it completes or fails,
never anyone else, and only ever reads with the key that uploaded it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.jobs import periodic, ratelimit
from apps.notifications.models import Notification, NotificationSettings
from apps.recordings.models import RecordingWatch
from apps.recordings.watching import GIVE_UP_AFTER, watch_recordings
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user
from tests.recordings.conftest import page_json, recording_json
from tests.recordings.uploading import (
    NEW_REF, PAGE, fake_projects, fake_upload, form, send_one, wav,
)
from tests.taskqueue import run_queued

pytestmark = pytest.mark.usefixtures("private_dirs")

WATCH = "apps.recordings.watching.watch_recordings"


def fingerprint(key=KEY):
    from apps.identitycall.client import IdentityCallClient

    return IdentityCallClient(key, base_url=BASE).fingerprint


def watch(user, number, *, key=KEY, name=None, **fields):
    ref = f"018f3a00-0000-7000-8000-{number:012d}"
    return RecordingWatch.objects.create(
        user=user, key_fingerprint=fingerprint(key), recording_key=ref, recording_id=number,
        name=name or f"Call {number}", status="pending", **fields,
    )


def answer_recording(upstream, number, status, **fields):
    ref = f"018f3a00-0000-7000-8000-{number:012d}"
    return upstream.get(f"{BASE}/recordings/{ref}", json={"data": recording_json(
        id=number, public_id=ref, status=status, **fields)})


def run_watch():
    watch_recordings.enqueue()
    return run_queued()


def notes(user):
    return list(Notification.objects.filter(user=user).values_list("title", "outcome", "url"))


# ---- Watches start on a created recording ---------------------------------------------------


def test_a_recording_created_by_an_upload_is_watched_for_its_uploader(keyed, user, upstream):
    fake_projects(upstream)
    fake_upload(upstream)

    response = send_one(keyed)

    assert response.status_code == 201
    watched = RecordingWatch.objects.get()
    assert (watched.user, watched.recording_key, watched.recording_id) == (user, NEW_REF, 501)
    assert watched.key_fingerprint == fingerprint(KEY) and watched.finished_at is None
    assert watched.name == "call" and watched.status == "pending"


def test_files_sent_without_javascript_are_watched_too(keyed, upstream):
    fake_projects(upstream)
    fake_upload(upstream)

    keyed.post(PAGE, form(files=[wav("a.wav")]))

    assert RecordingWatch.objects.filter(recording_key=NEW_REF).count() == 1


def test_a_queued_upload_sent_by_the_worker_is_watched_with_the_key_it_was_queued_with(
    keyed, user, upstream
):
    from tests.recordings.test_queued_uploads import queue_one

    fake_projects(upstream)
    fake_upload(upstream)
    assert queue_one(keyed, name="Week 12").status_code == 202

    run_queued()  # the worker sends it (apps/recordings/ingest/queue_sending.py)

    watched = RecordingWatch.objects.get()
    assert (watched.user, watched.recording_key) == (user, NEW_REF)
    assert watched.key_fingerprint == fingerprint(KEY)


def test_an_upload_answered_already_uploaded_starts_no_watch(keyed, upstream):
    fake_projects(upstream)
    fake_upload(upstream, status=200)

    response = send_one(keyed)

    assert response.status_code == 200
    assert RecordingWatch.objects.count() == 0


def test_a_watch_that_cannot_be_saved_does_not_fail_the_upload(keyed, upstream, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr("apps.recordings.watching.start_watching", broken)
    fake_projects(upstream)
    fake_upload(upstream)

    assert send_one(keyed).status_code == 201


# ---- The periodic task ----------------------------------------------------------------------


def test_a_completed_recording_is_told_once_with_a_link_to_its_page(user, upstream):
    give_key(user)
    watched = watch(user, 7, name="Support call")
    answer_recording(upstream, 7, "completed", name="Support call")

    run_watch()
    run_watch()

    assert notes(user) == [("“Support call” is ready", "completed",
                            f"/recordings/{watched.recording_key}/")]
    watched.refresh_from_db()
    assert watched.finished_at is not None and watched.status == "completed"
    assert len(upstream.calls) == 1  # the finished watch is not read again


def test_a_failed_recording_is_told_once_as_failed(user, upstream):
    give_key(user)
    watch(user, 8)
    answer_recording(upstream, 8, "failed", name="Broken call")

    run_watch()
    run_watch()

    [(title, outcome, _url)] = notes(user)
    assert (title, outcome) == ("“Broken call” failed", "failed")
    assert "gives no reason" in Notification.objects.get().body


def test_a_recording_still_processing_is_checked_again_next_time(user, upstream):
    give_key(user)
    watched = watch(user, 9)
    answer_recording(upstream, 9, "processing")

    run_watch()

    watched.refresh_from_db()
    assert (watched.status, watched.finished_at) == ("processing", None)
    assert watched.checked_at is not None
    assert notes(user) == []


def test_two_runs_at_once_tell_once(user, upstream):
    """Two workers that both read `completed`: the conditional update lets one tell."""
    from apps.recordings import watching

    give_key(user)
    watched = watch(user, 10)
    finished = recording_from(
        recording_json(id=10, public_id=watched.recording_key, status="completed"))
    now = timezone.now()

    told = watching.record(watched, finished, now) + watching.record(watched, finished, now)

    assert told == 1
    assert len(notes(user)) == 1


def recording_from(data):
    from apps.identitycall.resources import Recording

    return Recording.from_api(data)


def test_nobody_else_is_told(user, upstream):
    give_key(user)
    bob = make_user("bob")
    give_key(bob, OTHER_KEY)
    watch(user, 11)
    answer_recording(upstream, 11, "completed")

    run_watch()

    assert len(notes(user)) == 1
    assert notes(bob) == []
    assert {call.request.headers["Authorization"] for call in upstream.calls} == {f"Bearer {KEY}"}


def test_a_replaced_key_ends_the_watch_without_reading_with_the_new_key(user, upstream):
    give_key(user, OTHER_KEY)  # the key was replaced after the upload
    watched = watch(user, 12, key=KEY)

    run_watch()

    watched.refresh_from_db()
    assert watched.finished_at is not None
    assert len(upstream.calls) == 0
    assert notes(user) == []


def test_a_removed_key_ends_the_watch_silently(user, upstream):
    watched = watch(user, 13)  # no key stored

    run_watch()

    watched.refresh_from_db()
    assert watched.finished_at is not None
    assert len(upstream.calls) == 0 and notes(user) == []


def test_a_rate_limit_pauses_the_key_and_the_next_run_waits(user, upstream):
    give_key(user)
    watched = watch(user, 14)
    ref = watched.recording_key
    upstream.get(f"{BASE}/recordings/{ref}", status=429, headers={"Retry-After": "30"},
                 json={"error": "Too many requests"})

    ran = run_watch()

    assert [row.status for row in ran] == ["SUCCESSFUL"]
    assert 25 < ratelimit.paused_for(fingerprint(KEY)) <= 30
    run_watch()
    assert len(upstream.calls) == 1  # paused: nothing sent
    watched.refresh_from_db()
    assert watched.finished_at is None  # still watched once the pause is over


def test_a_key_paused_by_another_task_is_not_used(user, upstream):
    give_key(user)
    watch(user, 15)
    ratelimit.pause(fingerprint(KEY), 60)

    run_watch()

    assert len(upstream.calls) == 0


def test_an_outage_leaves_the_watch_for_the_next_run(user, upstream):
    give_key(user)
    watched = watch(user, 16)
    upstream.get(f"{BASE}/recordings/{watched.recording_key}", status=500, json={"error": "x"})

    ran = run_watch()

    assert [row.status for row in ran] == ["SUCCESSFUL"]
    watched.refresh_from_db()
    assert watched.finished_at is None


def test_a_recording_deleted_upstream_ends_its_watch_without_a_notification(user, upstream):
    give_key(user)
    watched = watch(user, 17)
    upstream.get(f"{BASE}/recordings/{watched.recording_key}", status=404,
                 json={"error": "Not found"})

    run_watch()

    watched.refresh_from_db()
    assert watched.finished_at is not None
    assert notes(user) == []


def test_a_week_old_watch_gives_up_without_a_call(user, upstream):
    give_key(user)
    watched = watch(user, 18)
    RecordingWatch.objects.filter(pk=watched.pk).update(
        created_at=timezone.now() - GIVE_UP_AFTER - timedelta(minutes=1))

    run_watch()

    watched.refresh_from_db()
    assert watched.finished_at is not None
    assert len(upstream.calls) == 0 and notes(user) == []


def test_an_email_goes_only_to_a_user_who_opted_in(user, upstream):
    give_key(user)
    bob = make_user("bob", email="bob@example.com")
    give_key(bob, KEY)
    user.email = "ada@example.com"
    user.save()
    NotificationSettings.objects.create(user=user, email_when_done=True)
    watch(user, 19)
    watch(bob, 20)
    answer_recording(upstream, 19, "completed", name="Adas call")
    answer_recording(upstream, 20, "completed", name="Bobs call")

    run_watch()
    run_watch()

    assert [(sent.to, sent.subject) for sent in mail.outbox] == [
        (["ada@example.com"], "“Adas call” is ready")]
    assert len(notes(bob)) == 1


# ---- Few calls --------------------------------------------------------------------------------


def test_several_watches_of_one_user_cost_one_list_call(user, upstream):
    give_key(user)
    watches = [watch(user, number) for number in (21, 22, 23)]
    items = [recording_json(id=w.recording_id, public_id=w.recording_key, status=status)
             for w, status in zip(watches, ["completed", "failed", "processing"])]
    upstream.get(f"{BASE}/recordings", json=page_json(items, per_page=100))

    run_watch()

    assert len(upstream.calls) == 1
    assert "per_page=100" in upstream.calls[0].request.url
    assert sorted(outcome for _t, outcome, _u in notes(user)) == ["completed", "failed"]
    assert RecordingWatch.objects.filter(finished_at__isnull=True).count() == 1


def test_watches_the_list_page_misses_are_read_alone_a_few_a_run(user, upstream):
    give_key(user)
    for number in range(30, 38):
        watch(user, number)
    upstream.get(f"{BASE}/recordings", json=page_json([], per_page=100))
    for number in range(30, 38):
        answer_recording(upstream, number, "completed")

    run_watch()

    reads = [c for c in upstream.calls if "/recordings/018f" in c.request.url]
    assert len(reads) == 5  # READS_PER_RUN
    run_watch()
    assert len(notes(user)) == 8  # the rest on the next run, the least recently checked first


def test_the_watch_task_is_registered_and_enqueued_once_a_period(db, settings):
    from console.settings import base

    assert base.PERIODIC_TASKS[WATCH] == 30
    settings.PERIODIC_TASKS = {WATCH: 30}
    now = timezone.now()

    assert periodic.enqueue_due(now) == [WATCH]
    assert periodic.enqueue_due(now + timedelta(seconds=5)) == []
