"""Running queued tasks inside a test, as `manage.py worker` would, without its sleeping loop."""

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

TEST_WORKER_ID = "test-worker"


def queued(include_later=False):
    """Task rows waiting to run: ready now, or also those with a run_after ahead."""
    if include_later:
        return DBTaskResult.objects.filter(status="READY")
    return DBTaskResult.objects.ready()


def run_queued(*, include_later=False, limit=500):
    """Run queued tasks one by one until none is left (tasks a task enqueues included); return
    the DBTaskResult rows run, in order. `include_later` also runs tasks waiting for their
    run_after (a back-off, a Retry-After) as if that time had come."""
    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=TEST_WORKER_ID, excluded_queue_names=[],
    )
    ran = []
    for _ in range(limit):
        row = queued(include_later).order_by("run_after", "enqueued_at").first()
        if row is None:
            return ran
        row.claim(TEST_WORKER_ID)
        worker.run_task(row)
        row.refresh_from_db()
        ran.append(row)
    raise AssertionError(f"more than {limit} tasks ran: a task keeps enqueueing itself")


def run_after_of(row):
    """Seconds from now until a queued row may run."""
    return (row.run_after - timezone.now()).total_seconds()
