"""Fault knobs: latency, injected statuses, proxy pages, malformed JSON, counts, dropped sockets."""

import io
import json
import time

import pytest
import requests
from django.core.management import call_command

from apps.sandbox.models import Fault
from apps.sandbox.seed import create_key

pytestmark = pytest.mark.django_db


def test_latency_is_added_before_the_normal_answer(api):
    Fault.objects.create(route="/projects", latency_ms=150)
    started = time.perf_counter()
    response = api.get("/projects")
    assert time.perf_counter() - started >= 0.15
    assert response.status_code == 200


def test_an_injected_status_answers_with_a_json_error(api):
    Fault.objects.create(route="/recordings", method="GET", status=503)
    response = api.get("/recordings")
    assert (response.status_code, response.json()) == (503, {"error": "Service unavailable"})
    assert api.get("/projects").status_code == 200  # other routes untouched


def test_an_injected_429_carries_retry_after(api):
    Fault.objects.create(status=429, retry_after=17)
    response = api.get("/operators")
    assert (response.status_code, response["Retry-After"]) == (429, "17")
    assert response.json() == {"error": "Rate limit exceeded"}


def test_a_body_imitates_a_proxy_error_page(api):
    Fault.objects.create(status=502, body="<html><h1>502 Bad Gateway</h1></html>")
    response = api.get("/projects")
    assert response.status_code == 502
    assert response["Content-Type"].startswith("text/html")
    assert b"Bad Gateway" in response.content


def test_malformed_json_is_a_truncated_200(api):
    Fault.objects.create(route="/virtual_numbers", malformed_json=True)
    response = api.get("/virtual_numbers")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        json.loads(response.content)


def test_remaining_counts_down_and_then_the_fault_stops(api):
    fault = Fault.objects.create(status=500, remaining=2)
    assert [api.get("/projects").status_code for _ in range(3)] == [500, 500, 200]
    fault.refresh_from_db()
    assert (fault.remaining, fault.hits) == (0, 2)


def test_method_and_regex_routes_narrow_a_fault(api, project):
    Fault.objects.create(route=r"^/recordings/\d+/transcription$", regex=True, status=404)
    Fault.objects.create(route="/projects", method="POST", status=500)
    assert api.get("/recordings/1/transcription").status_code == 404
    assert api.get("/recordings").status_code == 200
    assert api.get("/projects").status_code == 200
    assert api.post("/projects", {"name": "X", "language": "en"}).status_code == 500


def test_faults_apply_before_authentication(client):
    Fault.objects.create(status=503)
    assert client.get("/sandbox/api/v1/public/projects").status_code == 503


def test_control_endpoint_sets_lists_and_clears_faults(client, api):
    created = client.post(
        "/sandbox/control/faults",
        json.dumps({"route": "/projects", "status": 500, "remaining": 1}),
        content_type="application/json",
    )
    assert created.status_code == 201
    fault = created.json()["data"]
    assert (fault["route"], fault["status"], fault["remaining"], fault["method"]) == (
        "/projects",
        500,
        1,
        "*",
    )
    assert [row["id"] for row in client.get("/sandbox/control/faults").json()["data"]] == [
        fault["id"]
    ]
    bad = client.post(
        "/sandbox/control/faults", json.dumps({"status": "x"}), content_type="application/json"
    )
    assert bad.json() == {"errors": ["status must be a non-negative integer"]}
    assert client.delete(f"/sandbox/control/faults/{fault['id']}").status_code == 204
    client.post(
        "/sandbox/control/faults", json.dumps({"latency_ms": 1}), content_type="application/json"
    )
    assert client.delete("/sandbox/control/faults").status_code == 204
    assert not Fault.objects.exists()


def test_the_sandbox_fault_command_sets_lists_and_clears(capsys):
    out = io.StringIO()
    call_command(
        "sandbox_fault",
        "set",
        "--route",
        "/recordings",
        "--status",
        "429",
        "--retry-after",
        "5",
        stdout=out,
    )
    fault = json.loads(out.getvalue())
    assert (fault["status"], fault["retry_after"]) == (429, 5)
    out = io.StringIO()
    call_command("sandbox_fault", "list", stdout=out)
    assert [row["id"] for row in json.loads(out.getvalue())] == [fault["id"]]
    call_command("sandbox_fault", "set", "--drop", "--method", "get", stdout=io.StringIO())
    assert Fault.objects.get(drop_connection=True).method == "GET"
    call_command("sandbox_fault", "clear", stdout=io.StringIO())
    assert not Fault.objects.exists()


def test_global_latency_setting_slows_every_request(api, settings):
    settings.SANDBOX_LATENCY_MS = 120
    started = time.perf_counter()
    api.get("/projects")
    assert time.perf_counter() - started >= 0.12


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_reaches_a_real_client_as_a_connection_error(live_server):
    key = create_key()
    Fault.objects.create(route="/projects", drop_connection=True, remaining=1)
    url = f"{live_server.url}/sandbox/api/v1/public/projects"
    headers = {"Authorization": f"Bearer {key}"}
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        requests.get(url, headers=headers, timeout=5)
    # The server is fine afterwards: the next request (fault spent) succeeds.
    assert requests.get(url, headers=headers, timeout=5).status_code == 200
