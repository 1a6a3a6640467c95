"""`manage.py worker_alive`: a worker container's health check (compose.yaml). Exits 0 when a
worker on this host has beaten within JOBS_WORKER_LOST_SECONDS, 1 otherwise, with one sentence
either way (no task arguments, no secrets)."""

import socket
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from apps.jobs.models import WorkerBeat


class Command(BaseCommand):
    help = "Exit 0 when a background worker on this host is beating, 1 when none is."

    def handle(self, *args, **options):
        host = socket.gethostname()[:255]
        since = timezone.now() - timedelta(seconds=settings.JOBS_WORKER_LOST_SECONDS)
        try:
            alive = WorkerBeat.objects.filter(hostname=host, beat_at__gte=since).exists()
        except DatabaseError:
            raise CommandError("The database does not answer, so no worker can be seen.") from None
        if not alive:
            raise CommandError(
                f"No worker on {host} has beaten in the last "
                f"{settings.JOBS_WORKER_LOST_SECONDS} s."
            )
        self.stdout.write(f"A worker on {host} is beating.")
