"""The sandbox's control endpoints answer only this machine, and only JSON posts: a page in the
developer's browser cannot reset the sandbox or inject faults with a cross-site form or fetch."""

import json

import pytest

from apps.sandbox.models import Fault

pytestmark = pytest.mark.django_db

FAULTS = "/sandbox/control/faults"
SEED = "/sandbox/control/seed"
FAULT = json.dumps({"route": "/projects", "status": 500})


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
def test_a_post_that_is_not_declared_json_is_refused_and_changes_nothing(client, content_type):
    response = client.post(FAULTS, FAULT, content_type=content_type)

    assert response.status_code == 415
    assert response.json() == {"error": "Send the body as JSON with Content-Type: application/json"}
    assert not Fault.objects.exists()


def test_a_reseed_posted_as_plain_text_is_refused(client, monkeypatch):
    calls = []
    monkeypatch.setattr("apps.sandbox.views.control.seed_demo", lambda **kw: calls.append(kw))
    response = client.post(SEED, json.dumps({"reset": True}), content_type="text/plain")
    assert response.status_code == 415
    assert calls == []


def test_a_json_post_with_a_charset_is_accepted(client):
    response = client.post(FAULTS, FAULT, content_type="application/json; charset=utf-8")
    assert response.status_code == 201
    assert Fault.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/sandbox/control/keys"), ("GET", FAULTS), ("POST", FAULTS), ("DELETE", FAULTS),
     ("GET", "/sandbox/control/inventory"), ("POST", SEED)],
)
def test_controls_refuse_requests_from_another_machine(client, method, path):
    Fault.objects.create(route="/projects", status=500)
    response = client.generic(
        method, path, FAULT, content_type="application/json", REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 403
    assert response.json() == {"error": "The sandbox's controls answer only this machine"}
    assert Fault.objects.count() == 1


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1"])
def test_controls_answer_every_loopback_address(client, address):
    response = client.post(FAULTS, FAULT, content_type="application/json", REMOTE_ADDR=address)
    assert response.status_code == 201
