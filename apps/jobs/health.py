"""What /healthz says about background work: the freshest worker heartbeat and the queue's depth.
No task arguments, no worker host names: only ages and counts."""

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat


def status():
    """{"worker": {"heartbeat_age_seconds", "alive"}, "queue": {"ready", "running", "waiting"}}."""
    last = WorkerBeat.objects.aggregate(last=Max("beat_at"))["last"]
    age = None if last is None else round((timezone.now() - last).total_seconds(), 1)
    ready = DBTaskResult.objects.ready().count()
    queued = DBTaskResult.objects.filter(status="READY").count()
    return {
        "worker": {
            "heartbeat_age_seconds": age,
            "alive": age is not None and age <= settings.JOBS_WORKER_LOST_SECONDS,
        },
        "queue": {
            "ready": ready,
            "waiting": queued - ready,  # queued with a run_after still ahead (back-off, 429)
            "running": DBTaskResult.objects.running().count(),
        },
    }


_all_applied = False


def migrations_pending():
    """Whether the database lacks a migration this code needs (then the console must not take
    traffic: /healthz fails). Once all are seen applied, this process stops asking."""
    global _all_applied
    if _all_applied:
        return False
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _all_applied = not pending
    return pending
