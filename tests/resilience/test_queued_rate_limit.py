"""IdentityCall (the sandbox, over real HTTP) answers the first uploads 429 with Retry-After: 2:
the worker waits (its task comes back after 2 s, no thread sleeps), every queued file of that key
waits with it, and then each is sent: one recording per file, nothing duplicated."""

import hashlib
import time
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from apps.accounts.models import save_api_key
from apps.jobs import ratelimit
from apps.recordings.models import QueuedUpload
from tests.factories import make_user
from tests.taskqueue import queued, run_after_of, run_queued

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clock(monkeypatch):
    """Move the rate-limit pause's clock forward, as if the wait had passed."""

    class Clock:
        offset = 0.0

        def time(self):
            return time.time() + self.offset

    fake = Clock()
    monkeypatch.setattr(ratelimit, "time", fake)
    return fake


@pytest.fixture
def console(client, live_server, settings):
    """A signed-in console client whose IdentityCall is the sandbox over HTTP; its project id."""
    from apps.sandbox.models import Project
    from apps.sandbox.seed import seed_demo

    settings.IDENTITYCALL_BASE_URL = f"{live_server.url}/sandbox/api/v1/public"
    keys = seed_demo()
    person = make_user("batch")
    save_api_key(person, keys["full"], projects_seen=0)
    client.force_login(person)
    client.project_id = Project.objects.order_by("id").first().id
    return client


def queue(console, name, content):
    fields = urlencode({"project": console.project_id, "language": "", "name": "",
                        "external_id": "", "batch_size": "2", "filename": name})
    response = console.post("/recordings/upload/queue/", data=content,
                            content_type="application/octet-stream",
                            headers={"X-Upload-Fields": fields})
    assert response.status_code == 202, response.content.decode()
    return QueuedUpload.objects.get(pk=response["X-Queued-Upload"])


def wav(salt):
    return b"RIFF$\x00\x00\x00WAVEfmt " + bytes(range(256)) * 16 + salt


def pass_time(clock, seconds):
    """As if `seconds` went by: the pause ends and the waiting tasks come due."""
    clock.offset += seconds
    queued(include_later=True).update(run_after=timezone.now())


def test_the_worker_waits_out_retry_after_and_sends_each_file_once(console, clock):
    from apps.sandbox.models import Fault
    from apps.sandbox.models import Recording as SandboxRecording

    limit = Fault.objects.create(route="/recordings", method="POST", status=429, retry_after=2,
                                 remaining=2)
    first, second = queue(console, "first.wav", wav(b"1")), queue(console, "second.wav", wav(b"2"))

    run_queued()  # the first file meets the 429; the second waits for the same key's pause

    limit.refresh_from_db()
    assert limit.hits == 1  # the second file was not sent into the limit
    for row in (first, second):
        row.refresh_from_db()
        assert row.status == QueuedUpload.Status.QUEUED
        assert row.message.startswith("Waiting for IdentityCall's rate limit until ")
    waits = [run_after_of(task) for task in queued(include_later=True)]
    assert len(waits) == 2 and all(1.0 < wait <= 2.0 for wait in waits), waits
    assert not queued().exists()  # nothing runs before Retry-After

    pass_time(clock, 2)
    run_queued()  # one more 429 (the fault's second), then the pause again
    pass_time(clock, 2)
    run_queued()

    limit.refresh_from_db()
    assert limit.hits == 2
    for row, content in ((first, wav(b"1")), (second, wav(b"2"))):
        row.refresh_from_db()
        assert row.status == QueuedUpload.Status.SENT, row.message
        external_id = "console-" + hashlib.sha256(content).hexdigest()[:32]
        assert SandboxRecording.objects.filter(external_id=external_id).count() == 1
    assert not queued(include_later=True).exists()
