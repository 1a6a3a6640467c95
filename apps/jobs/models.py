"""What the background workers leave behind besides django-tasks-db's task rows: who is alive, and
when each periodic task is next due (docs/architecture.md, "Background work")."""

from django.db import models


class WorkerBeat(models.Model):
    """One running worker process; `beat_at` is renewed every JOBS_BEAT_SECONDS while it runs."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class PeriodicRun(models.Model):
    """A periodic task (settings.PERIODIC_TASKS) and when it is next due; claiming a run is one
    conditional UPDATE, so however many workers run, each run is enqueued once."""

    name = models.CharField(max_length=200, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name
