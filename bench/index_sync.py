"""The index's sync against the sandbox over HTTP: N completed recordings synced by the periodic
task as a worker runs it, at the default budget (INDEX_REQUESTS_PER_MINUTE=30). The budget is
real (apps/index/budget.py), the clock is simulated: when the bucket is empty the clock jumps
to its next window instead of waiting, so a 100-minute sync is measured in seconds and every
request is stamped with the time it would have been sent.

    .venv/bin/python bench/index_sync.py --recordings 1000

Prints the simulated wall time, the most requests sent in any 60 seconds (must not exceed the
budget), requests per recording, and the console's own CPU time per recording; the last line is
`SYNC_RESULT {json}` for bench/run.py. 1,000 recordings take about four minutes of real time.
"""

import argparse
import json
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self):
        return self.now


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recordings", type=int, default=1000)
    parser.add_argument("--per-minute", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as scratch:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="console.settings.development", CONSOLE_VAR_DIR=scratch,
            DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3", SANDBOX_RATE_LIMIT_PER_MINUTE="0",
            INDEX_REQUESTS_PER_MINUTE=str(args.per_minute), CACHE_URL="locmem://",
        )
        import django

        django.setup()
        run(args, scratch)


def serve():
    """Serve the console (and its mounted sandbox) on a free loopback port; return its URL."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def seed(count):
    """The sandbox's demo account with `count` recordings (completed ones added to the demo's);
    return its full key."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from apps.sandbox.models import Project, Recording
    from apps.sandbox.seed import seed_demo

    keys = seed_demo()
    project = Project.objects.order_by("id").first()
    long_ago = timezone.now() - timedelta(days=2)
    rng = random.Random(5)
    extra = Recording.objects.order_by("-id").values_list("id", flat=True)[count:]
    Recording.objects.filter(id__in=list(extra)).delete()  # a smoke run wants fewer than the demo
    missing = count - Recording.objects.count()
    Recording.objects.bulk_create(
        Recording(project=project, name=f"Bench call {n}", duration_ms=rng.randint(120, 600) * 1000,
                  seed=rng.randrange(2**31), created_at=long_ago - timedelta(minutes=n),
                  updated_at=long_ago - timedelta(minutes=n))
        for n in range(max(0, missing))
    )
    return keys["full"]


def run(args, scratch):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from apps.accounts.models import save_api_key
    from apps.identitycall.client import IdentityCallClient
    from apps.index import budget
    from apps.index.models import IndexedRecording, SyncState
    from apps.index.tasks import sync_indexes

    call_command("migrate", verbosity=0)
    logging.getLogger("identitycall").setLevel(logging.WARNING)  # not a line per request
    settings.IDENTITYCALL_BASE_URL = serve() + "/sandbox/api/v1/public"
    key = seed(args.recordings)
    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    save_api_key(user, key, projects_seen=0)

    clock = Clock()
    budget.time = clock  # the bucket reads this clock (its module imports `time`)
    sent = []
    real_request = IdentityCallClient._request

    def stamped(self, *a, **kw):
        sent.append(clock.now)
        return real_request(self, *a, **kw)

    IdentityCallClient._request = stamped
    cpu = time.process_time()
    for _ in range(1_000_000):
        sync_indexes.call()
        state = SyncState.objects.get()
        if state.phase == "idle" and state.synced_at:
            break
        clock.now += budget.window_seconds()  # the next tick after the bucket ran dry
    cpu = time.process_time() - cpu
    indexed = IndexedRecording.objects.exclude(analysed_updated_at=None).count()
    span = (sent[-1] - sent[0]) / 60
    busiest = max(sum(1 for t in sent if start <= t < start + 60) for start in sent)
    print(f"{args.recordings:,} recordings ({indexed:,} analysed), {len(sent):,} requests "
          f"({len(sent) / args.recordings:.2f} a recording); at {args.per_minute}/min: "
          f"{span:.0f} simulated minutes; most in any 60 s: {busiest} (budget "
          f"{args.per_minute}); console CPU {1000 * cpu / args.recordings:.1f} ms a recording")
    print("SYNC_RESULT " + json.dumps({
        "recordings": args.recordings, "analysed": indexed, "requests": len(sent),
        "simulated_minutes": span, "busiest_minute": busiest, "per_minute": args.per_minute,
        "cpu_ms_per_recording": 1000 * cpu / args.recordings,
    }))


if __name__ == "__main__":
    main()
