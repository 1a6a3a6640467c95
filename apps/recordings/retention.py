"""Retention on a schedule: kept audio older than AUDIO_RETENTION_DAYS is pruned by a periodic
task (settings.PERIODIC_TASKS, every AUDIO_PRUNE_INTERVAL_SECONDS, registered only while the
setting is set), running the very code of `manage.py prune_audio` (ingest/storage.py)."""

import logging
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.tasks import task

logger = logging.getLogger(__name__)


@task
def prune_kept_audio():
    """Run `prune_audio`; return its summary line (kept in the task's result, and logged)."""
    if not settings.AUDIO_RETENTION_DAYS:
        return "AUDIO_RETENTION_DAYS is not set: nothing was pruned."
    out, err = StringIO(), StringIO()
    call_command("prune_audio", stdout=out, stderr=err)
    for line in err.getvalue().splitlines():
        logger.warning("Retention: %s", line)  # a copy it could not delete; the next run retries
    summary = out.getvalue().strip()
    logger.info("Retention: %s", summary)
    return summary
