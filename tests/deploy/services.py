"""The machine's PostgreSQL and Redis for the deployment tests: a scratch database of the test's
own, a Redis database number, and a clear skip only when a server is genuinely absent."""

import contextlib
import os
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.deploy.processes import clean_env


def postgres_base_url():
    """The PostgreSQL server (and the name scratch databases start with): DEPLOY_POSTGRES_URL, else
    the suite's DATABASE_URL when it is PostgreSQL, else the local server CI runs."""
    url = os.environ.get("DEPLOY_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/console"
    return url


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def scratch_postgres(label):
    """Yield the URL of a new empty database on the machine's PostgreSQL; drop it afterwards.
    Skips (saying why) when no server answers."""
    import psycopg

    base = postgres_base_url()
    name = f"{urlsplit(base).path.strip('/') or 'console'}_{label}_{uuid.uuid4().hex[:8]}"
    admin_url = _with_database(base, "postgres")
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server answers at {urlsplit(base).hostname}:"
                    f"{urlsplit(base).port or 5432} ({str(exc).strip().splitlines()[0]}); "
                    "CI runs one: see .ci/run")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(base, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_connect(url):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def redis_url():
    """The Redis database these tests may empty: DEPLOY_REDIS_URL, else db 13 on the local server.
    Without a server answering, fail saying so, or skip when CONSOLE_TESTS_WITHOUT_REDIS=1 (the
    suite's convention: tests/accounts/test_login_throttle_redis.py)."""
    import redis

    url = os.environ.get("DEPLOY_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError:
        where = urlsplit(url).hostname, urlsplit(url).port or 6379
        if os.environ.get("CONSOLE_TESTS_WITHOUT_REDIS") == "1":
            pytest.skip(f"no Redis on {where[0]}:{where[1]} and CONSOLE_TESTS_WITHOUT_REDIS=1")
        pytest.fail(f"The two-instance test needs Redis on {where[0]}:{where[1]} (apt-get install "
                    "redis-server), or set CONSOLE_TESTS_WITHOUT_REDIS=1 to skip it.")
    return url


def production_env(**overrides):
    """A production configuration (tests/settings' one) without the runner's own settings, this
    interpreter's bin directory first on PATH (as the image puts its virtualenv's)."""
    from tests.settings.settings_env import production_env as settings_production_env

    env = clean_env(PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    env.update({key: value for key, value in settings_production_env().items()
                if key in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS")})
    env.update(DJANGO_SETTINGS_MODULE="console.settings.production", **overrides)
    return {key: value for key, value in env.items() if value is not None}
