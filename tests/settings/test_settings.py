"""Settings come from the environment and fail at start-up with a sentence naming the variable."""

import os
import stat
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from console import devsecrets
from tests.settings.settings_env import ROOT, manage, production_env


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "Set the SECRET_KEY environment variable"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 random characters"),
        ({"FIELD_ENCRYPTION_KEYS": None}, "Set the FIELD_ENCRYPTION_KEYS environment variable"),
        ({"FIELD_ENCRYPTION_KEYS": "not-a-key"}, "FIELD_ENCRYPTION_KEYS entry 1 is not a Fernet key"),
        ({"ALLOWED_HOSTS": None}, "Set the ALLOWED_HOSTS environment variable"),
        ({"IDENTITYCALL_BASE_URL": "http://api.invalid"}, "must be an https:// address"),
        ({"IDENTITYCALL_READ_TIMEOUT": "soon"}, "IDENTITYCALL_READ_TIMEOUT must be a number"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
    ],
)
def test_production_settings_refuse_to_start_with_a_clear_message(overrides, message):
    result = manage("check", env=production_env(**overrides))
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_keep_debug_off_even_when_asked():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SANDBOX_ENABLED)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=production_env(DEBUG="true"), capture_output=True, text=True,
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_development_settings_have_debug_off_unless_turned_on():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env["DJANGO_SETTINGS_MODULE"] = "console.settings.development"
    off = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    on = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "DEBUG": "1"}, capture_output=True, text=True
    )
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True")


def test_development_secrets_are_generated_once_with_owner_only_permissions(tmp_path):
    first = devsecrets.load_or_create(tmp_path)
    second = devsecrets.load_or_create(tmp_path)
    mode = stat.S_IMODE((tmp_path / "dev-secrets.json").stat().st_mode)
    assert first == second
    assert mode == 0o600
    Fernet(first["field_encryption_key"])  # a usable key, not a placeholder
    assert len(first["secret_key"]) >= 50


def test_database_url_selects_postgresql():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; print(db['ENGINE'], db['NAME'], db['HOST'])"
    )
    env = production_env(DATABASE_URL="postgres://console@db.internal:5432/console_db")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["django.db.backends.postgresql", "console_db", "db.internal"]
