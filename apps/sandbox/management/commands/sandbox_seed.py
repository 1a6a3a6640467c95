import json
import time

from django.core.management.base import BaseCommand

from apps.sandbox.seed import seed_demo


class Command(BaseCommand):
    help = "Seed the sandbox's demo account (only when empty; --reset wipes and reseeds)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="wipe sandbox data first")

    def handle(self, *args, reset=False, **options):
        started = time.perf_counter()
        keys = seed_demo(reset=reset)
        self.stderr.write(f"Sandbox ready in {time.perf_counter() - started:.2f} s. Keys:")
        self.stdout.write(json.dumps(keys, indent=2))
