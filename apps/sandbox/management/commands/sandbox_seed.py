import json
import time

from django.core.management.base import BaseCommand, CommandError

from apps.sandbox.seed import seed_demo, seed_many


class Command(BaseCommand):
    help = "Seed the sandbox's demo account (only when empty; --reset wipes and reseeds)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="wipe sandbox data first")
        parser.add_argument(
            "--other-account", action="store_true",
            help="also seed a second account, Globex, with a key of its own (other_account)",
        )
        parser.add_argument(
            "--extra", type=int, default=0, metavar="N",
            help="then add N more projects, operators, numbers and GB local numbers for sale "
            "(long lists, e.g. to see SANDBOX_PAGINATE_LISTS page them)",
        )

    def handle(self, *args, reset=False, extra=0, other_account=False, **options):
        if not 0 <= extra <= 1000:
            raise CommandError("--extra takes 0 to 1000.")
        started = time.perf_counter()
        keys = seed_demo(reset=reset, other_account=other_account)
        seed_many(extra)
        self.stderr.write(f"Sandbox ready in {time.perf_counter() - started:.2f} s. Keys:")
        self.stdout.write(json.dumps(keys, indent=2))
