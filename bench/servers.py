"""Starting the benchmarks' servers: the standalone sandbox and the console, each under gunicorn in
a private scratch directory, and a user signed in to the console. Shared by every script here."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERNAME, PASSWORD = "bench", "bench-password-1"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, timeout=60, headers=None):
    """Return once `url` answers at all (any status); raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, headers=headers, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered at {url}")


def manage(env, *args):
    """Run manage.py with env; return its stdout."""
    return subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout


def gunicorn(env, port, log, *, workers=1, threads=4, timeout=None, extra=()):
    """Start `console.wsgi` (the console or the sandbox, as env's settings say) on port."""
    command = [str(BIN / "gunicorn"), "console.wsgi", "--bind", f"127.0.0.1:{port}",
               "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
               "--log-level", "warning", *extra]
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def worker_pid(master_pid, timeout=30):
    """Return the pid of gunicorn's (first) worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def sandbox_env(scratch, **overrides):
    """Return the environment of a standalone sandbox keeping its data in `scratch`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "console.settings.sandbox",
        "CONSOLE_VAR_DIR": str(scratch / "sandbox"),
        "SANDBOX_DATABASE_URL": f"sqlite:///{scratch / 'sandbox.sqlite3'}",
        "SANDBOX_RATE_LIMIT_PER_MINUTE": "0",
        "SANDBOX_LATENCY_MS": "0",
        **overrides,
    }


def seed_sandbox(env):
    """Migrate and seed the sandbox; return its keys ({"full": …, "read_only": …, …})."""
    manage(env, "migrate", "--noinput", "-v0")
    # sandbox_keys seeds the demo data when it is missing.
    return json.loads(manage(env, "sandbox_keys"))


def console_env(scratch, sandbox_base, port, **overrides):
    """Return the environment of a console on `port` whose upstream is `sandbox_base`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "console.settings.development",
        "CONSOLE_VAR_DIR": str(scratch / "console"),
        "PORT": str(port),
        "IDENTITYCALL_BASE_URL": sandbox_base,
        "MEDIA_ROOT": str(scratch / "media"),
        **overrides,
    }


def prepare_console(env, key):
    """Migrate the console and create the user USERNAME holding `key`."""
    manage(env, "migrate", "--noinput", "-v0")
    add_users(env, [(USERNAME, key)])


def add_users(env, users):
    """Create console users, each holding its sandbox key: `users` is [(name, key)]."""
    manage(
        env, "shell", "-c",
        "from django.contrib.auth import get_user_model; "
        "from apps.accounts.models import save_api_key; "
        f"[save_api_key(get_user_model().objects.create_user(name, password={PASSWORD!r}), key, 1) "
        f"for name, key in {list(users)!r}]",
    )


def logged_in_session(console, username=USERNAME):
    """Return a requests.Session signed in to the console (its CSRF cookie set)."""
    session = requests.Session()
    session.get(f"{console}/accounts/login/", timeout=10)
    answer = session.post(
        f"{console}/accounts/login/",
        data={"username": username, "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=10, allow_redirects=False,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError("logging in to the console failed")
    return session


def launch_chromium(playwright):
    """Return Debian's Chromium (or $CHROMIUM_PATH) launched headless by Playwright."""
    return playwright.chromium.launch(
        executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        args=["--no-sandbox", "--disable-gpu"],
    )
