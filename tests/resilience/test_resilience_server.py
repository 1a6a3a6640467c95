"""Real sockets: IdentityCall down (connection refused), and a slow IdentityCall that must not
stall other users' pages on the threaded server."""

import socket
import threading
import time

import pytest
import requests
from django.test import Client

from apps.accounts.models import save_api_key
from tests.factories import make_user


@pytest.fixture
def closed_port():
    """Return a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def down(settings, closed_port):
    settings.IDENTITYCALL_BASE_URL = f"http://127.0.0.1:{closed_port}/api/v1/public"


def test_a_refused_connection_reads_as_unreachable(keyed, down):
    response = keyed.get("/numbers/")

    assert response.status_code == 502
    assert "IdentityCall is unreachable right now." in response.content.decode()


def test_a_refused_connection_keeps_the_new_project_and_says_nothing_changed(keyed, down, sleeps):
    form = {"form_token": "0123456789abcdef0123456789abcdef", "name": "Refused project",
            "language": "lt", "no_retention": "on"}

    response = keyed.post("/projects/new/", form)

    body = response.content.decode()
    assert "IdentityCall is unreachable; nothing was changed." in body
    assert 'value="Refused project"' in body
    assert sleeps == []  # a POST is never retried, so the client never backed off


def test_a_project_created_after_the_console_gave_up_waiting_is_found_not_created_twice(
    client, live_server, transactional_db, settings
):
    from apps.sandbox.models import Fault, Project
    from apps.sandbox.seed import create_key

    settings.IDENTITYCALL_BASE_URL = f"{live_server.url}/sandbox/api/v1/public"
    settings.IDENTITYCALL_READ_TIMEOUT = 0.4
    # The sandbox creates the project, but only after the console stopped waiting for it.
    Fault.objects.create(route="/projects", method="POST", latency_ms=1200, remaining=1)
    late = make_user("late")
    save_api_key(late, create_key(label="late"), projects_seen=0)
    client.force_login(late)
    form = {"form_token": "0123456789abcdef0123456789abcdef", "name": "Late project",
            "language": "lt", "no_retention": "on"}

    first = client.post("/projects/new/", form)
    deadline = time.monotonic() + 10
    while not Project.objects.filter(name="Late project").exists():
        assert time.monotonic() < deadline, "the sandbox never created the project"
        time.sleep(0.1)
    second = client.post("/projects/new/", form)

    created = Project.objects.get(name="Late project")  # exactly one
    assert first.status_code == 504
    assert "may or may not have been applied" in first.content.decode()
    assert "nothing was changed" not in first.content.decode()
    assert second.status_code == 302 and second["Location"] == f"/projects/{created.id}/"


def _session_for(user):
    """Return a requests session logged in to the live console as `user`."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session


def test_a_slow_identitycall_does_not_stall_other_users_pages(live_server, transactional_db,
                                                              settings):
    from apps.sandbox.models import Fault
    from apps.sandbox.seed import create_key

    settings.IDENTITYCALL_BASE_URL = f"{live_server.url}/sandbox/api/v1/public"
    Fault.objects.create(route="/recordings", latency_ms=2000)
    waiting, other = make_user("waiting"), make_user("other")
    save_api_key(waiting, create_key(label="waiting"), projects_seen=0)
    save_api_key(other, create_key(label="other"), projects_seen=0)
    slow_session, other_session = _session_for(waiting), _session_for(other)
    slow = {}

    def load_recordings():
        started = time.monotonic()
        slow["status"] = slow_session.get(f"{live_server.url}/recordings/", timeout=30).status_code
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=load_recordings)
    thread.start()
    time.sleep(0.3)  # the slow request is now waiting on IdentityCall
    started = time.monotonic()
    health = requests.get(f"{live_server.url}/healthz", timeout=10)
    health_seconds = time.monotonic() - started
    started = time.monotonic()
    numbers = other_session.get(f"{live_server.url}/numbers/", timeout=10)
    numbers_seconds = time.monotonic() - started
    still_waiting = thread.is_alive()
    thread.join(timeout=30)

    assert still_waiting  # the other pages really were served while the slow one waited
    assert health.status_code == 200 and health_seconds < 1.0
    assert numbers.status_code == 200 and numbers_seconds < 1.0
    assert slow["status"] == 200 and slow["seconds"] >= 2.0
