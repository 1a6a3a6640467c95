import json

from django.core.management.base import BaseCommand

from apps.sandbox.seed import ensure_keys, seed_demo


class Command(BaseCommand):
    help = (
        'Print the sandbox keys as JSON: {"full": ..., "read_only": ..., "project_scoped": ...}'
        ' (with --other-account also "other_account", the Globex account\'s key).'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--other-account", action="store_true",
            help="also seed the second account (Globex) if missing and print its key",
        )

    def handle(self, *args, other_account=False, **options):
        keys = seed_demo(other_account=True) if other_account else ensure_keys()
        self.stdout.write(json.dumps(keys))
