"""Test-only tasks that real workers run in the deployment tests (importable by a worker started
from the checkout: manage.py puts the checkout on sys.path). Each leaves a trace the test reads."""

import os
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.tasks import task

RUNS_TABLE = "deploy_probe_runs"
HOLDS_TABLE = "deploy_probe_holds"
CREATE_TABLES = [
    f"CREATE TABLE {RUNS_TABLE} (n integer NOT NULL, pid integer NOT NULL, phase text NOT NULL)",
    f"CREATE TABLE {HOLDS_TABLE} (n integer NOT NULL)",
]


def _record(n, phase):
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {RUNS_TABLE} (n, pid, phase) VALUES (%s, %s, %s)",
                       [n, os.getpid(), phase])


def _held(n):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {HOLDS_TABLE} WHERE n = %s", [n])
        return cursor.fetchone() is not None


@task
def record_run(n, work_seconds=0.0):
    """Record that this process ran task `n` (started, then finished after `work_seconds`); while
    a hold for `n` exists it waits between the two (at most two minutes), so a test can kill the
    worker mid-task."""
    _record(n, "started")
    deadline = time.monotonic() + 120
    while _held(n) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(work_seconds)
    _record(n, "finished")


@task
def count_projects(username):
    """Ask IdentityCall (the sandbox under `make run`) for `username`'s projects with their stored
    key, as a real task would: proves the worker reaches the upstream."""
    from apps.accounts.clients import client_for

    user = get_user_model().objects.get(username=username)
    return len(client_for(user).list_projects())
