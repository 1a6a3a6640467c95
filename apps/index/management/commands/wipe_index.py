"""`manage.py wipe_index`: forget everything the index holds (README, "The index"). With the index
on, every key's first sync starts again at the next tick; with INDEX_ENABLED=0 it stays empty."""

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.index.models import IndexedProject, IndexedRecording, SyncState


class Command(BaseCommand):
    help = "Delete every indexed recording and every key's sync cursor."

    def handle(self, *args, **options):
        with transaction.atomic():
            recordings, _ = IndexedRecording.objects.all().delete()
            IndexedProject.objects.all().delete()
            SyncState.objects.all().delete()
        self.stdout.write(f"Index wiped: {recordings} rows deleted.")
