"""E-mail comes from the environment: Django's console backend in development, SMTP from
EMAIL_HOST… (Django 6.1's MAILERS), and production refuses what would send badly."""

import json

import pytest

from tests.settings.settings_env import manage, production_env, python

SHOW = ("import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.MAILERS['default'], settings.DEFAULT_FROM_EMAIL]))")
EMAIL_VARS = ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
              "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL")


def mailer(**env):
    """Return (MAILERS["default"], DEFAULT_FROM_EMAIL) as the production settings build them."""
    result = python(SHOW, env=production_env(**({name: None for name in EMAIL_VARS} | env)))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_prints_emails_with_the_console_backend():
    env = production_env(DJANGO_SETTINGS_MODULE="console.settings.development",
                         ALLOWED_HOSTS=None, **{name: None for name in EMAIL_VARS})
    result = python(SHOW, env=env)
    assert result.returncode == 0, result.stderr
    backend, sender = json.loads(result.stdout)
    assert backend == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert sender == "IdentityCall Console <console@localhost>"


def test_an_smtp_server_is_read_from_the_environment_with_starttls_by_default():
    backend, sender = mailer(EMAIL_HOST="smtp.example.com", EMAIL_HOST_USER="console",
                             EMAIL_HOST_PASSWORD="s3cret", DEFAULT_FROM_EMAIL="ops@example.com")
    assert backend == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "smtp.example.com", "port": 587, "username": "console",
                    "password": "s3cret", "use_tls": True, "use_ssl": False, "timeout": 10.0},
    }
    assert sender == "ops@example.com"


def test_ssl_takes_port_465_unless_told_otherwise():
    backend, _ = mailer(EMAIL_HOST="smtp.example.com", EMAIL_USE_SSL="true",
                        DEFAULT_FROM_EMAIL="ops@example.com")
    assert (backend["OPTIONS"]["port"], backend["OPTIONS"]["use_ssl"],
            backend["OPTIONS"]["use_tls"]) == (465, True, False)


def test_production_with_an_smtp_server_passes_check_deploy():
    env = production_env(EMAIL_HOST="smtp.example.com", DEFAULT_FROM_EMAIL="ops@example.com",
                         CONSOLE_PUBLIC_URL="https://console.example.com")
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_host_sends_to_this_machines_mail_server():
    backend, _ = mailer()
    assert backend == {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                       "OPTIONS": {"host": "localhost", "port": 25}}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"EMAIL_HOST": "smtp.example.com"}, "Set DEFAULT_FROM_EMAIL"),
        ({"EMAIL_HOST": "smtp.example.com", "DEFAULT_FROM_EMAIL": "ops@example.com",
          "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"},
         "Set only one of EMAIL_USE_TLS and EMAIL_USE_SSL."),
        ({"EMAIL_HOST": "smtp.example.com", "DEFAULT_FROM_EMAIL": "ops@example.com",
          "EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"CONSOLE_PUBLIC_URL": "http://console.example.com"},
         "CONSOLE_PUBLIC_URL must be an https:// address in production."),
    ],
)
def test_production_refuses_to_start_with_a_clear_message(overrides, message):
    env = production_env(**{name: None for name in EMAIL_VARS})
    result = manage("check", env=env | overrides)
    assert result.returncode != 0
    assert message in result.stderr
    assert "s3cret" not in result.stderr
