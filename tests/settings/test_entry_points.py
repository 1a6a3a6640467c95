"""A server started without DJANGO_SETTINGS_MODULE runs production settings, never development's
sandbox, open keys and plain-HTTP cookies; development settings answer only on this machine."""

import os

import pytest

from tests.settings.settings_env import manage, production_env, python

PRINT_SETTINGS = (
    "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.SANDBOX_ENABLED)"
)
PUBLIC_SERVER = "use DJANGO_SETTINGS_MODULE=console.settings.production for a public server"


def without_settings_module(env):
    return {key: value for key, value in env.items() if key != "DJANGO_SETTINGS_MODULE"}


def development_env(**overrides):
    env = without_settings_module(os.environ)
    env.pop("ALLOWED_HOSTS", None)
    env.update(DJANGO_SETTINGS_MODULE="console.settings.development", **overrides)
    return env


@pytest.mark.parametrize("module", ["console.wsgi", "console.asgi"])
def test_the_server_entry_points_default_to_production(module):
    env = without_settings_module(production_env())
    result = python(f"import {module}; {PRINT_SETTINGS}", env=env)
    assert result.stdout.split() == ["console.settings.production", "False"], result.stderr


@pytest.mark.parametrize("module", ["console.wsgi", "console.asgi"])
def test_a_server_started_with_no_configuration_refuses_instead_of_running_development(module):
    env = without_settings_module(production_env(SECRET_KEY=None))
    result = python(f"import {module}", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_manage_py_keeps_development_as_its_default(tmp_path):
    env = without_settings_module(development_env(CONSOLE_VAR_DIR=str(tmp_path)))
    result = manage("shell", "--no-imports", "-c", PRINT_SETTINGS, env=env)
    assert result.stdout.split() == ["console.settings.development", "True"], result.stderr


@pytest.mark.parametrize("hosts", ["console.example.com", "127.0.0.1,console.example.com", "*"])
def test_development_settings_refuse_a_public_host_name(hosts, tmp_path):
    env = development_env(ALLOWED_HOSTS=hosts, CONSOLE_VAR_DIR=str(tmp_path))
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Development settings answer only on this machine" in result.stderr
    assert PUBLIC_SERVER in result.stderr


def test_development_settings_accept_every_loopback_name(tmp_path):
    env = development_env(
        ALLOWED_HOSTS="127.0.0.1,localhost,[::1],::1,testserver", CONSOLE_VAR_DIR=str(tmp_path)
    )
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr
