"""A worker's heartbeat thread: it renews the worker's WorkerBeat row, enqueues periodic tasks
that are due, and gives back to the queue any task left RUNNING by a worker that stopped beating
(killed, or its machine lost), so a task is never stranded. Tasks are written to be safe to run
twice for exactly this reason (docs/architecture.md, "Background work")."""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, DatabaseError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import periodic
from .models import WorkerBeat

logger = logging.getLogger(__name__)


def beat(worker_id, started_at):
    """Record that `worker_id` is alive now."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def requeue_stranded(now=None):
    """Put back in the queue every RUNNING task whose worker has not beaten for
    JOBS_WORKER_LOST_SECONDS; forget such workers. Return how many tasks were requeued."""
    now = now or timezone.now()
    lost_before = now - timedelta(seconds=settings.JOBS_WORKER_LOST_SECONDS)
    alive = set(WorkerBeat.objects.filter(beat_at__gte=lost_before).values_list("worker_id", flat=True))
    requeued = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=lost_before)
    for result in running.only("id", "worker_ids"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        requeued += DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("Task %s was left running by a lost worker: queued again", result.id)
    WorkerBeat.objects.filter(beat_at__lt=lost_before).delete()
    return requeued


def tick(worker_id, started_at):
    """One heartbeat: beat, enqueue what is due, requeue what lost workers left."""
    beat(worker_id, started_at)
    periodic.enqueue_due()
    requeue_stranded()


class Heartbeat(threading.Thread):
    """Calls `tick` every JOBS_BEAT_SECONDS until `stop()`; a failed tick is logged and retried."""

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stopped = threading.Event()

    def run(self):
        try:
            while not self._stopped.is_set():
                close_old_connections()
                try:
                    tick(self.worker_id, self.started_at)
                except DatabaseError:
                    logger.exception("Worker heartbeat failed; trying again")
                self._stopped.wait(settings.JOBS_BEAT_SECONDS)
        finally:
            connection.close()

    def stop(self):
        self._stopped.set()
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass
