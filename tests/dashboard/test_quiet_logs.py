"""Quiet logs: the sandbox's answers are not the console's warnings.

The sandbox runs in the console's process, so Django's request logs (django.request, runserver's
django.server) would report its answers as the console's: its 422 to a pending recording's
transcription, results or summary, a key probe's 403, as WARNINGs. The client logs each call once
("identitycall"); the LOGGING filter (console/settings/base.py) drops the sandbox's answers below
500, and the console's own errors, and the sandbox's 5xx, still log.
"""

import logging

import pytest

from apps.sandbox.models import Recording
from apps.sandbox.processing import status_of
from apps.sandbox.seed import seed_demo

API = "/sandbox/api/v1/public"


@pytest.fixture
def sandbox_key(db):
    return seed_demo()["full"]


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records
            if r.name == "django.request" and r.levelno >= logging.WARNING]


def unfinished():
    return next(r for r in Recording.objects.order_by("id") if status_of(r) != "completed")


@pytest.mark.parametrize("part", ["transcription", "results", "summary"])
def test_a_pending_recordings_analysis_answer_is_not_a_warning(client, caplog, sandbox_key, part):
    recording = unfinished()
    caplog.set_level(logging.INFO)

    response = client.get(f"{API}/recordings/{recording.public_id}/{part}",
                          headers={"Authorization": f"Bearer {sandbox_key}"})

    assert response.status_code == 422
    assert warnings_of(caplog) == []


def test_the_sandboxs_refusals_are_logged_once_by_the_client_not_as_warnings(client, caplog,
                                                                             sandbox_key):
    caplog.set_level(logging.INFO)
    missing = f"{API}/recordings/00000000-0000-7000-8000-000000000000/transcription"

    found = client.get(missing, headers={"Authorization": f"Bearer {sandbox_key}"})
    rejected = client.get(f"{API}/projects", headers={"Authorization": "Bearer nope"})

    assert (found.status_code, rejected.status_code) == (404, 401)
    assert warnings_of(caplog) == []


def test_the_consoles_own_422_still_logs_a_warning(keyed, caplog, upstream):
    from tests.factories import BASE

    upstream.get(f"{BASE}/projects", json={"data": []})
    upstream.get(f"{BASE}/operators", status=422, json={"error": "Unprocessable"})
    caplog.set_level(logging.INFO)

    response = keyed.get("/operators/")

    assert response.status_code == 422
    assert any("/operators/" in line for line in warnings_of(caplog))


def access_line(path, status):
    """Return runserver's access-log record for a GET of `path` answered `status`."""
    logger = logging.getLogger("django.server")
    record = logger.makeRecord(
        "django.server", logging.WARNING if status >= 400 else logging.INFO, __file__, 1,
        '"%s" %s %s', (f"GET {path} HTTP/1.1", str(status), "12"), None,
        extra={"status_code": status, "request": object()},
    )
    return logger.filter(record)


@pytest.mark.parametrize(("path", "status", "logged"), [
    (f"{API}/recordings/abc/transcription", 422, False),  # expected: not ready yet
    (f"{API}/recordings/abc/summary?x=1", 422, False),
    (f"{API}/projects", 200, False),  # the client's own line already says it
    (f"{API}/projects", 403, False),  # a key probe's answer: the client logs it once
    (f"{API}/recordings/abc", 404, False),
    (f"{API}/recordings/abc/transcription", 500, True),  # the emulator failing is worth seeing
    ("/recordings/", 200, True),  # the console's own pages are always logged
    ("/recordings/abc/analysis/", 422, True),
])
def test_runservers_access_log_drops_only_the_sandboxs_answers_below_500(path, status, logged):
    assert bool(access_line(path, status)) is logged
