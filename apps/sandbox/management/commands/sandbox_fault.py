import json
import re

from django.core.management.base import BaseCommand, CommandError

from apps.sandbox.models import Fault
from apps.sandbox.views.control import fault_data


class Command(BaseCommand):
    help = "Set, list or clear the sandbox's fault knobs (latency, statuses, dropped connections)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("set", help="add a fault")
        add.add_argument(
            "--route", default="", help="substring of the path (or a regex with --regex)"
        )
        add.add_argument(
            "--regex", action="store_true", help="treat --route as a regular expression"
        )
        add.add_argument("--method", default="*", help="HTTP method, or * for any")
        add.add_argument("--latency-ms", type=int, default=0)
        add.add_argument("--status", type=int, help="answer with this status")
        add.add_argument("--body", default="", help="raw text/html body (a proxy's error page)")
        add.add_argument("--drop", action="store_true", help="close the connection, no response")
        add.add_argument("--malformed", action="store_true", help="answer 200 with broken JSON")
        add.add_argument("--retry-after", type=int, help="Retry-After seconds (with --status 429)")
        add.add_argument("--remaining", type=int, help="apply to this many requests only")
        actions.add_parser("list", help="list faults")
        clear = actions.add_parser("clear", help="remove faults")
        clear.add_argument("--id", type=int, help="remove only this fault")

    def handle(self, *args, action, **options):
        if action == "set":
            if options["status"] is not None and not 100 <= options["status"] <= 599:
                raise CommandError("--status must be between 100 and 599")
            if options["regex"]:
                try:
                    re.compile(options["route"])
                except re.error as exc:
                    raise CommandError(
                        f"--route is not a valid regular expression: {exc}"
                    ) from None
            fault = Fault.objects.create(
                route=options["route"],
                regex=options["regex"],
                method=options["method"].upper(),
                latency_ms=max(0, options["latency_ms"]),
                status=options["status"],
                body=options["body"],
                drop_connection=options["drop"],
                malformed_json=options["malformed"],
                retry_after=options["retry_after"],
                remaining=options["remaining"],
            )
            self.stdout.write(json.dumps(fault_data(fault)))
        elif action == "list":
            self.stdout.write(
                json.dumps([fault_data(fault) for fault in Fault.objects.all()], indent=2)
            )
        else:
            faults = Fault.objects.all()
            if options["id"] is not None:
                faults = faults.filter(pk=options["id"])
            count, _ = faults.delete()
            self.stdout.write(f"Removed {count} fault(s).")
