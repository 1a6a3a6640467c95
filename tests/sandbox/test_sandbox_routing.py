"""Routing: every operation resolves, everything answers JSON, production settings mount nothing."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.urls import resolve

from apps.sandbox.auth import api_view  # noqa: F401 - imported so a broken module fails here

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
API = "/sandbox/api/v1/public"
# The 25 documented operations (method, path) plus the overview's alternative spellings.
OPERATIONS = [
    ("GET", "/recordings"),
    ("POST", "/recordings"),
    ("GET", "/recordings/1"),
    ("PATCH", "/recordings/1"),
    ("DELETE", "/recordings/1"),
    ("GET", "/recordings/1/transcription"),
    ("GET", "/recordings/1/results"),
    ("GET", "/recordings/1/summary"),
    ("GET", "/projects"),
    ("POST", "/projects"),
    ("GET", "/projects/1"),
    ("PATCH", "/projects/1"),
    ("DELETE", "/projects/1"),
    ("GET", "/virtual_numbers"),
    ("GET", "/virtual_numbers/available"),
    ("POST", "/virtual_numbers/purchase"),
    ("GET", "/virtual_numbers/1"),
    ("PATCH", "/virtual_numbers/1"),
    ("POST", "/virtual_numbers/1/add_operator"),
    ("DELETE", "/virtual_numbers/1/remove_operator"),
    ("GET", "/operators"),
    ("POST", "/operators"),
    ("GET", "/operators/1"),
    ("PATCH", "/operators/1"),
    ("DELETE", "/operators/1"),
]
ALTERNATIVES = [
    ("POST", "/virtual_numbers"),
    ("POST", "/virtual_numbers/1/operators"),
    ("DELETE", "/virtual_numbers/1/operators/2"),
]


@pytest.mark.parametrize("method, path", OPERATIONS + ALTERNATIVES)
def test_every_operation_resolves_to_a_handler_for_its_method(method, path):
    match = resolve(API + path)
    assert match.url_name not in ("unknown", "api-unknown")
    assert method in match.func.sandbox_methods


def test_there_are_25_documented_operations():
    assert len(set(OPERATIONS)) == 25


@pytest.mark.parametrize("method, path", OPERATIONS + ALTERNATIVES)
def test_without_a_key_every_operation_answers_401_json(client, method, path):
    response = client.generic(method, API + path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "path", ["/nowhere", "/recordings/", "/projects/abc", "/virtual_numbers/1/x", ""]
)
def test_unknown_paths_answer_404_json_without_a_slash_redirect(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "Resource not found"}


def test_unknown_sandbox_paths_outside_the_api_are_json_too(client):
    response = client.get("/sandbox/whatever")
    assert (response.status_code, response.json()) == (404, {"error": "Resource not found"})


def test_a_wrong_method_answers_405_json_with_allow(api):
    response = api.client.put(API + "/projects", headers={"Authorization": f"Bearer {api.key}"})
    assert response.status_code == 405
    assert response.json() == {"error": "Method not allowed"}
    assert response["Allow"] == "GET, POST"


def test_the_standalone_urlconf_serves_the_api_at_the_root(api, settings, client):
    settings.ROOT_URLCONF = "apps.sandbox.urls_standalone"
    response = client.get("/api/v1/public/projects", headers={"Authorization": f"Bearer {api.key}"})
    assert response.status_code == 200
    assert client.get("/control/faults").status_code == 200


def test_production_settings_do_not_mount_the_sandbox():
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.urls import resolve, Resolver404\n"
        "assert 'apps.sandbox' not in settings.INSTALLED_APPS, 'sandbox installed'\n"
        "assert settings.SANDBOX_ENABLED is False\n"
        "for path in ('/sandbox/api/v1/public/projects', '/sandbox/control/faults'):\n"
        "    try:\n"
        "        resolve(path)\n"
        "    except Resolver404:\n"
        "        continue\n"
        "    raise SystemExit('resolved ' + path)\n"
        "print('not mounted')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "console.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(45),  # 60 random characters
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "example.com",
    }
    env.pop("IDENTITYCALL_BASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "not mounted"
