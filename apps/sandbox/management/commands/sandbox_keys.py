import json

from django.core.management.base import BaseCommand

from apps.sandbox.seed import ensure_keys


class Command(BaseCommand):
    help = 'Print the sandbox keys as JSON: {"full": ..., "read_only": ..., "project_scoped": ...}.'

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(ensure_keys()))
