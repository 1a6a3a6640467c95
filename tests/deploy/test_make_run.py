"""`make run` is one command for the web server and its background worker: both start, the demo
login comes last, the worker reaches the sandbox, and one Ctrl+C (or the command's own end, however
it comes) leaves neither process behind."""

import json
import os
import re
import shutil
import signal
import socket
import urllib.request

import pytest

from tests.deploy.processes import (
    Started, clean_env, free_port, manage, processes_with, run_manage, wait_until,
)

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

ASK_THE_SANDBOX = """
import time
from tests.deploy.probe_tasks import count_projects
result = count_projects.enqueue("demo")
deadline = time.monotonic() + 60
while not result.is_finished and time.monotonic() < deadline:
    time.sleep(0.1)
    result.refresh()
print(result.status, result.return_value if result.status == "SUCCESSFUL" else result.errors)
"""


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """One migrated development database for the module (make run would migrate it anyway)."""
    path = tmp_path_factory.mktemp("make-run-var")
    run_manage("migrate", "--noinput", env=clean_env(CONSOLE_VAR_DIR=str(path)))
    return path


@pytest.fixture
def leftovers(var_dir):
    """After the test, kill (by pid) anything still running with this module's var dir."""
    yield lambda: processes_with("CONSOLE_VAR_DIR", str(var_dir))
    for pid in processes_with("CONSOLE_VAR_DIR", str(var_dir)):
        os.kill(pid, signal.SIGKILL)


def healthz(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
        return json.load(answer)


def roles(processes):
    """The web server and worker pids among `processes` ({pid: command line})."""
    web = [pid for pid, cmd in processes.items() if "manage.py runserver" in cmd]
    worker = [pid for pid, cmd in processes.items() if "manage.py worker" in cmd]
    return web, worker


def test_make_run_starts_both_prints_the_login_last_and_one_ctrl_c_stops_both(var_dir, leftovers):
    port = free_port()
    env = clean_env(CONSOLE_VAR_DIR=str(var_dir), PORT=str(port))
    run = Started(["make", "--no-print-directory", "run"], env=env, name="make run",
                  new_session=True)  # its own group, as a terminal's foreground job

    login = run.wait_for_line(r"Demo login:\s+username demo\s+password \S+", timeout=180)

    before = run.lines[: run.lines.index(login)]
    assert any(re.search(rf"^ +web \| Starting .*server at http://127\.0\.0\.1:{port}/", line)
               for line in before), run.tail()
    assert any(re.search(r"^worker \| .*Starting worker", line) for line in before), run.tail()
    assert "with one background worker (Ctrl+C stops both)" in before[-1]
    assert healthz(port)["worker"]["alive"] is True
    web, worker = roles(leftovers())
    assert len(web) == 1 and len(worker) == 1, leftovers()

    # A task enqueued now is run by make run's worker, which reaches the sandbox with the demo key.
    answer = run_manage("shell", "--no-imports", "-c", ASK_THE_SANDBOX, env=env)
    assert re.fullmatch(r"SUCCESSFUL [1-9]\d*", answer.strip()), answer

    os.killpg(run.pid, signal.SIGINT)  # what Ctrl+C in a terminal sends to the foreground job
    run.proc.wait(timeout=30)
    wait_until(lambda: not leftovers(), timeout=20, what="no process of make run left")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_the_web_server_and_worker_end_with_devserver_however_it_ends(sig, var_dir, leftovers):
    port = free_port()
    env = clean_env(CONSOLE_VAR_DIR=str(var_dir), PORT=str(port))
    devserver = manage("devserver", f"127.0.0.1:{port}", env=env, new_session=True)
    devserver.wait_for_line(r"with one background worker", timeout=120)
    web, worker = roles(leftovers())
    assert len(web) == 1 and len(worker) == 1

    os.kill(devserver.pid, sig)  # a process manager's stop, or the command killed outright

    devserver.proc.wait(timeout=30)
    wait_until(lambda: not leftovers(), timeout=20, what="the web server and worker to end")


def test_a_port_in_use_is_said_and_leaves_no_worker_behind(var_dir, leftovers):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = clean_env(CONSOLE_VAR_DIR=str(var_dir), PORT=str(port))
        devserver = manage("devserver", f"127.0.0.1:{port}", env=env, new_session=True)

        assert devserver.proc.wait(timeout=120) != 0
        devserver.wait_for_line(r"That port is already in use")
        devserver.wait_for_line(r"The web process stopped before it was ready")
    wait_until(lambda: not leftovers(), timeout=20, what="the worker to end")
