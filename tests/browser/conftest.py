"""Chromium journeys: a live console whose upstream is the sandbox, reached over real HTTP."""

import os

import pytest

from tests.browser.a11y import settled_violations

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make here are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "journey-password-1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sandbox(live_server, settings):
    """Seed the sandbox, point the console at it over HTTP, and return its keys."""
    from apps.sandbox.seed import seed_demo

    settings.IDENTITYCALL_BASE_URL = f"{live_server.url}/sandbox/api/v1/public"
    return seed_demo()


@pytest.fixture
def page(chromium, live_server, settings):
    """A fresh browser tab that fails the test on CSP violations and page errors.

    It asks for `settings` so that the settings a test changed (the sandbox's address above all)
    are put back only after the tab is closed: requests the page is still making while it is
    checked below reach the sandbox, not the unit tests' unreachable host.
    """
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda message: problems.append(f"console: {message.text}")
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    tab.set_default_timeout(10_000)
    tab.problems = problems  # read (and emptied) by the test proving this check works
    tab.skip_a11y = False  # a test that leaves the tab on a deliberately broken page sets this
    yield tab
    # axe-core on the page the journey ended on: no serious or critical violations.
    try:
        a11y = [] if tab.skip_a11y or tab.is_closed() else settled_violations(tab)
        url = "" if tab.is_closed() else tab.url
    finally:
        context.close()
    assert not problems, problems
    assert not a11y, f"accessibility violations on {url}:\n" + "\n".join(a11y)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("journey", password=PASSWORD)


def log_in(page, username="journey", password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def sign_in_with(page, user, key):
    """Store `key` (a sandbox key) for `user` and log in through the login form."""
    from apps.accounts.models import save_api_key

    save_api_key(user, key, projects_seen=0)
    log_in(page, user.username)
    return page


@pytest.fixture
def signed_in(page, user, sandbox):
    """A tab logged in as a user holding the sandbox's full account-wide key."""
    return sign_in_with(page, user, sandbox["full"])


@pytest.fixture
def indexed(signed_in, monkeypatch):
    """The signed-in user's key synced into the index, as the worker's ticks would do it."""
    from apps.index import budget
    from apps.index.models import SyncState
    from apps.index.tasks import sync_indexes

    monkeypatch.setattr(budget, "take", lambda fingerprint, count=1, now=None: 0.0)
    for _ in range(200):
        sync_indexes.call()
        if SyncState.objects.filter(phase="idle", synced_at__isnull=False).exists():
            return signed_in
    raise AssertionError("the sync never finished")


# ---- A background worker for journeys that outlive the tab (queued uploads, watches) ----------


def _database_url(settings_dict):
    """Return a DATABASE_URL naming the database this test process uses (the test database)."""
    from urllib.parse import quote

    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def worker(live_server, sandbox, settings, tmp_path):
    """`manage.py worker --interval 0.2` as a process of its own, as production runs it.

    A subprocess, not a thread: the live server's database is a real one the journey's
    transactions commit to (SQLite's test file, or PostgreSQL's test database), so another
    process reaches it through DATABASE_URL, and the worker then meets what a deployed one meets
    (its own connections, its own cache and its own IdentityCall client, the sandbox over HTTP).
    `worker.env` holds its environment (a journey may add to it before `worker.start()`, e.g. a
    shorter heartbeat); `worker.log` is its output. Stopped (SIGTERM, then killed) at teardown,
    before the test database is emptied.
    """
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    from apps.jobs.models import WorkerBeat

    root = Path(__file__).resolve().parents[2]
    # Development settings (test settings pin IdentityCall to an unreachable host), on this
    # test's database, media folder and var dir (its secrets decrypt the stored keys).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "console.settings.development",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "DATABASE_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "IDENTITYCALL_BASE_URL": settings.IDENTITYCALL_BASE_URL,  # the live sandbox (`sandbox`)
        "JOBS_BEAT_SECONDS": "0.5",
    }

    class Worker:
        def __init__(self):
            self.env, self.log, self.process = env, tmp_path / "worker.log", None

        def start(self):
            with self.log.open("w") as out:
                self.process = subprocess.Popen(
                    [sys.executable, str(root / "manage.py"), "worker", "--interval", "0.2",
                     "--no-startup-delay"],
                    cwd=root, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                )
            deadline = time.monotonic() + 30
            while not WorkerBeat.objects.exists():  # its first heartbeat: it is taking tasks
                assert self.process.poll() is None, self.output()
                assert time.monotonic() < deadline, "the worker never started\n" + self.output()
                time.sleep(0.1)
            return self

        def output(self):
            return self.log.read_text(errors="replace")[-4000:]

        def stop(self):
            if self.process is None or self.process.poll() is not None:
                return
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    running = Worker()
    yield running
    running.stop()
