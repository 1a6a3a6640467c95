"""Periodic tasks: each entry of settings.PERIODIC_TASKS ({task path: seconds}) is enqueued once
per period by whichever worker claims it first (docs/architecture.md, "Background work")."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from .models import PeriodicRun

logger = logging.getLogger(__name__)


def enqueue_due(now=None):
    """Enqueue every periodic task whose time has come; return the paths enqueued.

    A run is skipped (and the next one awaited) while the previous run is still queued or
    running, so a slow task never piles up copies of itself.
    """
    now = now or timezone.now()
    enqueued = []
    for path, every in settings.PERIODIC_TASKS.items():
        _ensure_row(path, now)
        claimed = PeriodicRun.objects.filter(name=path, next_run_at__lte=now).update(
            next_run_at=now + timedelta(seconds=every), last_enqueued_at=now
        )
        if not claimed or _still_pending(path):
            continue
        import_string(path).enqueue()
        enqueued.append(path)
        logger.info("Periodic task %s enqueued; next in %s s", path, every)
    return enqueued


def _ensure_row(path, now):
    if PeriodicRun.objects.filter(name=path).exists():
        return
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=path, next_run_at=now)
    except IntegrityError:
        pass  # another worker created it first


def _still_pending(path):
    return DBTaskResult.objects.filter(
        task_path=path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()
