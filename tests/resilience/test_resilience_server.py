"""Real sockets: IdentityCall down (connection refused), and a slow IdentityCall that must not
stall other users' pages on the threaded server.

A "slow" sandbox answer is held at a gate (tests/sandbox_gate.py), so each test knows when a request is waiting on IdentityCall and decides when it is answered: no
sleep() stands in for synchronisation and nothing is asserted about elapsed time.
"""

import socket
import threading
import time

import pytest
import requests
from django.test import Client

from apps.accounts.models import save_api_key
from tests.factories import make_user
from tests.sandbox_gate import held


@pytest.fixture
def closed_port():
    """Return a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def down(settings, closed_port):
    settings.IDENTITYCALL_BASE_URL = f"http://127.0.0.1:{closed_port}/api/v1/public"


@pytest.fixture
def gate(monkeypatch):
    with held(monkeypatch) as gate:
        yield gate


def eventually(condition, what, seconds=10.0):
    """Poll `condition` until it holds; fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


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
    client, live_server, transactional_db, settings, gate
):
    from apps.sandbox.models import Fault, Project
    from apps.sandbox.seed import create_key

    settings.IDENTITYCALL_BASE_URL = f"{live_server.url}/sandbox/api/v1/public"
    settings.IDENTITYCALL_READ_TIMEOUT = 0.4
    # The sandbox creates the project, but only after the console stopped waiting for it: its
    # answer is held until the console's read timeout has ended the first request.
    Fault.objects.create(route="/projects", method="POST", latency_ms=1, remaining=1)
    late = make_user("late")
    save_api_key(late, create_key(label="late"), projects_seen=0)
    client.force_login(late)
    form = {"form_token": "0123456789abcdef0123456789abcdef", "name": "Late project",
            "language": "lt", "no_retention": "on"}

    first = client.post("/projects/new/", form)
    assert gate.waiting.is_set()  # the request did reach the sandbox, which is still holding it
    gate.release.set()
    eventually(lambda: Project.objects.filter(name="Late project").exists(),
               "the sandbox never created the project")
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
                                                              settings, gate):
    from apps.sandbox.models import Fault
    from apps.sandbox.seed import create_key

    settings.IDENTITYCALL_BASE_URL = f"{live_server.url}/sandbox/api/v1/public"
    Fault.objects.create(route="/recordings", latency_ms=1)  # held at the gate
    waiting, other = make_user("waiting"), make_user("other")
    save_api_key(waiting, create_key(label="waiting"), projects_seen=0)
    save_api_key(other, create_key(label="other"), projects_seen=0)
    slow_session, other_session = _session_for(waiting), _session_for(other)
    slow = {}

    def load_recordings():
        slow["status"] = slow_session.get(f"{live_server.url}/recordings/", timeout=60).status_code

    thread = threading.Thread(target=load_recordings)
    thread.start()
    assert gate.waiting.wait(30), "the recordings page never asked IdentityCall"
    # The slow page is now waiting on IdentityCall, and stays so until the gate opens: every
    # page below is answered while it waits, or the test fails on the requests' own timeouts.
    health = requests.get(f"{live_server.url}/healthz", timeout=20)
    numbers = other_session.get(f"{live_server.url}/numbers/", timeout=20)
    still_waiting = thread.is_alive() and "status" not in slow
    gate.open_and_wait()
    thread.join(timeout=60)

    assert still_waiting  # the other pages really were served while the slow one waited
    assert health.status_code == 200
    assert numbers.status_code == 200 and "Numbers" in numbers.text
    assert slow["status"] == 200
