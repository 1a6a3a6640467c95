"""Production keeps the login throttle's counts where every server process sees them.

Each test starts fresh processes, as gunicorn's workers are: one process's memory is never the
place a count can hide in.
"""

import pytest

from tests.settings.settings_env import manage, production_env, python

BACKEND = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
SETUP = "import django; django.setup(); "


@pytest.fixture
def database(tmp_path):
    """Return a production environment on a fresh SQLite database, migrated."""
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'console.sqlite3'}", CONSOLE_VAR_DIR=str(tmp_path)
    )
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_production_without_cache_url_counts_in_the_database_cache():
    result = python(SETUP + BACKEND, env=production_env())
    assert result.stdout.strip() == "apps.accounts.dbcache.DatabaseCache", result.stderr


def test_production_with_a_redis_cache_url_uses_redis():
    result = python(SETUP + BACKEND, env=production_env(CACHE_URL="redis://cache.internal:6379/0"))
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr


def test_production_refuses_a_per_process_memory_cache_naming_cache_url():
    result = manage("check", env=production_env(CACHE_URL="locmem://"))
    assert result.returncode != 0
    assert "CACHE_URL=locmem:// keeps a separate cache in every server process" in result.stderr
    assert "set CACHE_URL to a shared Redis" in result.stderr


@pytest.mark.parametrize("env", [production_env(CACHE_URL="memcached://cache:11211")])
def test_an_unknown_cache_url_is_refused_instead_of_becoming_memory(env):
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "CACHE_URL must be redis://" in result.stderr
    assert "cache:11211" not in result.stderr  # a URL may hold a password: never echoed


def test_migrate_creates_the_cache_table_every_process_shares(database):
    write = SETUP + "from django.core.cache import cache; cache.set('probe', 41, 60)"
    read = SETUP + "from django.core.cache import cache; print(cache.incr('probe'))"
    assert python(write, env=database).returncode == 0
    result = python(read, env=database)
    assert result.stdout.strip() == "42", result.stderr


def test_failures_counted_by_one_process_refuse_logins_in_another(database):
    fail = SETUP + (
        "from apps.accounts import throttle\n"
        "for _ in range(5): throttle.note_failure('ada', '192.0.2.1')\n"
    )
    check = SETUP + (
        "from apps.accounts import throttle; print(throttle.seconds_blocked('ada', '198.51.100.7'))"
    )
    assert python(fail, env=database).returncode == 0
    result = python(check, env=database)
    assert 890 <= int(result.stdout.strip() or 0) <= 900, result.stderr


def test_the_server_says_at_start_where_it_counts_and_recommends_redis_for_several_instances():
    result = python("import console.wsgi", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "login failures are counted in the database cache" in result.stderr
    assert "with several instances set CACHE_URL to a shared Redis" in result.stderr


def test_the_server_says_at_start_that_it_counts_in_redis():
    env = production_env(CACHE_URL="redis://:s3cret@cache.internal:6379/0")
    result = python("import console.asgi", env=env)
    assert result.returncode == 0, result.stderr
    assert "login failures are counted in Redis (CACHE_URL)" in result.stderr
    assert "s3cret" not in result.stderr
