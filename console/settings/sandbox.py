"""The sandbox alone on its own port: `DJANGO_SETTINGS_MODULE=console.settings.sandbox`.

The API is at /api/v1/public/ and the controls at /control/, backed by its own SQLite file
(var/sandbox.sqlite3) unless SANDBOX_DATABASE_URL names another database. Used by tests and
benchmarks that want the emulator in a separate process from the console.
"""

import dj_database_url

from console.env import env_int, env_str

from .development import *  # noqa: F403
from .development import VAR_DIR

ROOT_URLCONF = "apps.sandbox.urls_standalone"
# Only what the emulator needs, so it migrates and starts without the console's apps.
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "apps.sandbox"]
DATABASES = {
    "default": dj_database_url.parse(
        env_str("SANDBOX_DATABASE_URL", f"sqlite:///{VAR_DIR / 'sandbox.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# No console middleware (sessions, login, API-key checks, upstream errors).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
SANDBOX_LATENCY_MS = env_int("SANDBOX_LATENCY_MS", 0, minimum=0)
