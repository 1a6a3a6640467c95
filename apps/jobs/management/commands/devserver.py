"""`manage.py devserver [addr:port]`: `make run`'s one command. It starts the development web
server (runserver) and one background worker (`manage.py worker`) side by side, relays their lines
prefixed "web |" and "worker |", prints the demo login last once both are up and their start-up
lines have paused, and stops both on one Ctrl+C (or SIGTERM).

Development only: production runs gunicorn and `manage.py worker` as separate services (README.md,
"Running on several machines"; compose.yaml). The children run in their own process group so the
terminal's Ctrl+C reaches this command alone and it stops them once, in order; on Linux they are
also told to stop if this command itself is killed, so no worker is ever left behind.
"""

import ctypes
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from apps.jobs.models import WorkerBeat

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
READY_SECONDS = 60
# Once both answer, the login waits for their start-up lines to pause this long (at most
# SETTLE_SECONDS), so it is printed after them rather than among them.
QUIET_SECONDS = 1.0
SETTLE_SECONDS = 8.0
# Where bootstrap_demo keeps the demo login (mode 0600; apps/sandbox/management/commands).
DEMO_CREDENTIALS = "demo-credentials.json"
RULE = "  " + "-" * 72
# On Ctrl+C the worker finishes the task in hand; one still running after this is killed, and
# goes back to the queue once the worker counts as lost (apps/jobs/beat.py, requeue_stranded).
WORKER_GRACE_SECONDS = 10
# Marks the readiness probe's request, whose access-log line is not relayed (it would otherwise
# land after the demo login).
PROBE = "probe=devserver"
# Once the login is printed, the worker's routine lines (periodic ticks, the index's sync, each task
# started and finished) are not relayed, so the login stays last; its warnings and errors, and any
# line that is not a log record (a traceback's), still are. `--all-worker-lines` relays every line.
ROUTINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (DEBUG|INFO) ")
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    _LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: a forked child must not dlopen
except OSError:
    _LIBC = None


def _stop_with_parent(parent_pid):
    """Return a preexec_fn asking Linux to send the child SIGTERM when this process dies."""

    def preexec():
        if _LIBC is not None and sys.platform.startswith("linux"):
            _LIBC.prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
            if os.getppid() != parent_pid:  # the parent died before prctl took effect
                os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops everything exactly as Ctrl+C does


def split_addrport(addrport):
    """Return (bind host, port) from runserver's `[addr:]port`; the host defaults to 127.0.0.1."""
    host, _, port = addrport.rpartition(":")
    if not port.isdigit():
        raise CommandError(f'"{addrport}" is not a port or address:port.')
    return host.strip("[]") or "127.0.0.1", int(port)


def reachable_host(host):
    """The address to reach a server bound to `host` at (a wildcard means this machine)."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def bracketed(host):
    """`host` as it goes before `:port` (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host else host


class Command(BaseCommand):
    help = "Development: run the web server and one background worker together (make run)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help="[addr:]port (default 127.0.0.1:$PORT)")
        parser.add_argument(
            "--demo", action="store_true",
            help="Create the demo user first (bootstrap_demo) and print its login once all is up.",
        )
        parser.add_argument("--interval", default="0.5", help="The worker's polling interval (s).")
        parser.add_argument("--all-worker-lines", action="store_true",
                            help="Keep relaying the worker's INFO lines after the demo login.")

    def handle(self, *args, addrport, demo, interval, **options):
        host, port = split_addrport(addrport or str(getattr(settings, "CONSOLE_PORT", 8000)))
        self.env = self.child_env(port)
        greeting = self.run_demo() if demo else ""
        self.lock = threading.Lock()
        self.last_line = time.monotonic()
        self.quiet_worker = False
        self.procs = {}
        self.relays = []
        # Set explicitly: a process started in the background by a shell inherits SIGINT ignored.
        signal.signal(signal.SIGINT, _raise_interrupt)
        signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            self.start("web", "runserver", "--noreload", f"{bracketed(host)}:{port}")
            self.start("worker", "worker", "--interval", interval, "--no-startup-delay")
            self.relays = [threading.Thread(target=self.relay, args=item, daemon=True)
                           for item in self.procs.items()]
            for thread in self.relays:
                thread.start()
            self.wait_until_ready(reachable_host(host), port)
            self.wait_for_quiet()
            address = f"http://{bracketed(reachable_host(host))}:{port}/"
            self.say(self.banner(address, greeting, options["all_worker_lines"]))
            self.quiet_worker = not options["all_worker_lines"]
            code = self.wait_for_an_exit()
        except KeyboardInterrupt:
            code = 0
        finally:
            self.stop_all()
        if code:
            raise CommandError(f"A process stopped unexpectedly (exit status {code}); see above.")

    def banner(self, address, greeting, all_worker_lines=False):
        """Return the lines printed last: the address, then the demo login and where it is kept."""
        kept = ""
        if greeting:
            kept = f"  The demo login is kept in {Path(settings.VAR_DIR) / DEMO_CREDENTIALS}.\n"
        quiet = "" if all_worker_lines else (
            "  From here on the worker shows only its warnings and errors "
            "(ARGS=--all-worker-lines: all).\n")
        return (f"\n{RULE}\n  IdentityCall Console on {address} with one background worker "
                f"(Ctrl+C stops both).{greeting}{kept}{quiet}{RULE}\n")

    def wait_for_quiet(self):
        """Return once the children printed nothing for QUIET_SECONDS, or after SETTLE_SECONDS."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline and time.monotonic() - self.last_line < QUIET_SECONDS:
            time.sleep(0.05)

    def child_env(self, port):
        env = dict(os.environ, PORT=str(port), PYTHONUNBUFFERED="1")
        env["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
        return env

    def run_demo(self):
        """Run bootstrap_demo now (before the server takes requests); return what it printed."""
        done = subprocess.run([sys.executable, MANAGE, "bootstrap_demo"], env=self.env,
                              capture_output=True, text=True)
        if done.returncode:
            raise CommandError(f"bootstrap_demo failed:\n{done.stderr.strip()}")
        return "\n" + done.stdout.rstrip("\n").lstrip("\n") + "\n"

    def start(self, name, *command):
        self.procs[name] = subprocess.Popen(
            [sys.executable, MANAGE, *command], env=self.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
            process_group=0, preexec_fn=_stop_with_parent(os.getpid()),
        )

    def relay(self, name, proc):
        for line in proc.stdout:
            if name == "worker" and self.quiet_worker and ROUTINE.match(line):
                continue
            if PROBE not in line:  # the readiness probe's access-log line is this command's own
                self.say(f"{name:>6} | {line.rstrip()}")
                self.last_line = time.monotonic()

    def say(self, text):
        with self.lock:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def wait_until_ready(self, host, port):
        """Return once the console answers /healthz (not merely something on the port) and the
        worker has beaten."""
        deadline = time.monotonic() + READY_SECONDS
        web = worker = False
        while not (web and worker):
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise CommandError(
                        f"The {name} process stopped before it was ready; see above.")
            if time.monotonic() > deadline:
                raise CommandError(f"Not ready after {READY_SECONDS} s; see the lines above.")
            web = web or self.answers(host, port)
            worker = worker or WorkerBeat.objects.filter(pid=self.procs["worker"].pid).exists()
            time.sleep(0.1)
        connection.close()  # this process reads nothing more from the database

    @staticmethod
    def answers(host, port):
        """Whether the console itself answers /healthz with 200 (no proxy asked)."""
        try:
            with _DIRECT.open(f"http://{bracketed(host)}:{port}/healthz?{PROBE}",
                              timeout=2) as answer:
                return answer.status == 200 and "worker" in json.load(answer)
        except (OSError, ValueError):  # refused, timed out, an HTTP error, not the console's JSON
            return False

    def wait_for_an_exit(self):
        """Block until either process exits on its own; return its exit status."""
        while True:
            for proc in self.procs.values():
                if proc.poll() is not None:
                    return proc.returncode or 1
            time.sleep(0.2)

    def stop_all(self):
        """SIGTERM both (the worker finishes its task in hand), then kill what is still running
        after WORKER_GRACE_SECONDS, or at once on a second Ctrl+C."""
        running = [proc for proc in self.procs.values() if proc.poll() is None]
        for proc in running:
            proc.terminate()
        deadline = time.monotonic() + WORKER_GRACE_SECONDS
        try:
            for proc in running:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            pass
        for name, proc in self.procs.items():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
                if name == "worker":
                    self.say("worker | killed mid-task: the task goes back to the queue once the "
                             "next worker counts this one lost (JOBS_WORKER_LOST_SECONDS).")
        for thread in self.relays:
            thread.join(timeout=2)  # the processes' last lines before this command's end
