"""Periodic tasks are enqueued once per period, however many workers ask, and never pile up."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.jobs import periodic
from tests.taskqueue import run_queued

TICK = "tests.jobs.tasks_for_tests.tick"


@pytest.fixture(autouse=True)
def _one_periodic_task(settings):
    settings.PERIODIC_TASKS = {TICK: 60}


def queued_ticks():
    return DBTaskResult.objects.filter(task_path=TICK, status="READY").count()


def test_a_due_task_is_enqueued_once_however_often_workers_ask(db):
    now = timezone.now()

    first = periodic.enqueue_due(now)
    again = [periodic.enqueue_due(now + timedelta(seconds=s)) for s in (0, 1, 59)]

    assert first == [TICK]
    assert again == [[], [], []]
    assert queued_ticks() == 1


def test_the_next_period_enqueues_it_again_once_the_last_run_finished(db):
    now = timezone.now()
    periodic.enqueue_due(now)
    run_queued()

    assert periodic.enqueue_due(now + timedelta(seconds=61)) == [TICK]
    assert queued_ticks() == 1


def test_a_run_still_waiting_is_not_doubled_by_the_next_period(db):
    now = timezone.now()
    periodic.enqueue_due(now)

    assert periodic.enqueue_due(now + timedelta(seconds=61)) == []
    assert periodic.enqueue_due(now + timedelta(seconds=122)) == []
    assert queued_ticks() == 1


def test_the_default_schedule_names_real_tasks():
    from django.tasks import Task
    from django.utils.module_loading import import_string

    from console.settings import base

    for path, seconds in base.PERIODIC_TASKS.items():
        assert isinstance(import_string(path), Task), path
        assert seconds > 0
