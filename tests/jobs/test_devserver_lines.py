"""make run's devserver keeps the demo login last: once it is printed, the worker's routine log
lines are not relayed, while its warnings, errors and tracebacks still are (README, "Two
commands")."""

import io
import threading
from types import SimpleNamespace

from apps.jobs.management.commands.devserver import Command

WORKER_LINES = [
    "2026-12-05 07:40:50,817 INFO django.tasks Task id=1 path=apps.x.tasks.y state=RUNNING\n",
    "2026-12-05 07:40:50,851 DEBUG apps.jobs.periodic Periodic task enqueued\n",
    "2026-12-05 07:40:51,013 WARNING identitycall IdentityCall GET /recordings -> 429\n",
    "2026-12-05 07:40:52,000 ERROR django.tasks Task id=2 failed\n",
    "Traceback (most recent call last):\n",
]


def _relayed(capsys, *, quiet, name="worker"):
    command = Command()
    command.lock = threading.Lock()
    command.quiet_worker = quiet
    command.relay(name, SimpleNamespace(stdout=io.StringIO("".join(WORKER_LINES))))
    return capsys.readouterr().out.splitlines()


def test_before_the_login_every_worker_line_is_relayed(capsys):
    assert len(_relayed(capsys, quiet=False)) == len(WORKER_LINES)


def test_after_the_login_only_warnings_errors_and_tracebacks_are_relayed(capsys):
    out = _relayed(capsys, quiet=True)
    assert [line.split(" | ", 1)[1] for line in out] == [line.rstrip() for line in WORKER_LINES[2:]]


def test_the_web_servers_lines_are_never_held_back(capsys):
    assert len(_relayed(capsys, quiet=True, name="web")) == len(WORKER_LINES)
