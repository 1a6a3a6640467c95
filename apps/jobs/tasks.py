"""The engine's own periodic task: old task results are pruned (settings.JOBS_RESULT_DAYS)."""

from django.conf import settings
from django.core.management import call_command
from django.tasks import task


@task
def prune_task_results():
    """Delete finished task results older than JOBS_RESULT_DAYS (failed ones kept twice as long,
    so a failure can still be looked at in the admin)."""
    days = settings.JOBS_RESULT_DAYS
    call_command("prune_db_task_results", "--queue-name", "*", "--min-age-days", str(days),
                 "--failed-min-age-days", str(days * 2), verbosity=0)
