"""A worker's heartbeat: liveness for /healthz, and tasks left running by a lost worker go back
to the queue so another worker finishes them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.jobs import beat
from apps.jobs.models import WorkerBeat
from tests.jobs.tasks_for_tests import count_run
from tests.taskqueue import run_queued


def running_task(worker_id, started_minutes_ago):
    count_run.enqueue("job")
    row = DBTaskResult.objects.get()
    row.claim(worker_id)
    DBTaskResult.objects.filter(id=row.id).update(
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago)
    )
    return row


def beat_at(worker_id, minutes_ago):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    WorkerBeat.objects.create(worker_id=worker_id, hostname="h", pid=1, started_at=when, beat_at=when)


@pytest.fixture(autouse=True)
def _lost_after_two_minutes(settings):
    settings.JOBS_WORKER_LOST_SECONDS = 120
    settings.PERIODIC_TASKS = {}


def test_a_task_left_running_by_a_silent_worker_is_queued_again_and_then_runs(db):
    beat_at("gone", minutes_ago=10)
    row = running_task("gone", started_minutes_ago=10)

    assert beat.requeue_stranded() == 1

    row.refresh_from_db()
    assert row.status == "READY"
    assert [r.id for r in run_queued()] == [row.id]
    assert not WorkerBeat.objects.filter(worker_id="gone").exists()


def test_a_task_of_a_worker_still_beating_is_left_alone_however_long_it_runs(db):
    beat_at("alive", minutes_ago=0)
    row = running_task("alive", started_minutes_ago=30)

    assert beat.requeue_stranded() == 0

    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_task_that_just_started_is_not_taken_from_a_worker_yet_to_beat(db):
    row = running_task("new-worker", started_minutes_ago=0)

    assert beat.requeue_stranded() == 0
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_tick_beats_and_enqueues_what_is_due(db, settings):
    settings.PERIODIC_TASKS = {"tests.jobs.tasks_for_tests.tick": 60}
    started = timezone.now()

    beat.tick("w1", started)

    worker = WorkerBeat.objects.get(worker_id="w1")
    assert worker.started_at == started
    assert (timezone.now() - worker.beat_at).total_seconds() < 60
    assert DBTaskResult.objects.filter(task_path="tests.jobs.tasks_for_tests.tick").count() == 1


def test_a_stopped_heartbeat_forgets_its_worker(db):
    heartbeat = beat.Heartbeat("w2")
    beat.beat("w2", heartbeat.started_at)

    heartbeat.stop()

    assert not WorkerBeat.objects.filter(worker_id="w2").exists()
