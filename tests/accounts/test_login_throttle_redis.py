"""The login throttle with Redis as the cache: two console instances share one count.

CI machines run Redis on 127.0.0.1:6379. Without it this test fails with a clear message,
unless CONSOLE_TESTS_WITHOUT_REDIS=1 says to skip it. It only ever touches database 15.
"""

import os

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import PASSWORD

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(settings):
    """Point the default cache at Redis database 15, emptied before and after."""
    import redis

    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.RedisError:  # refused, timed out, or not a Redis server
        if os.environ.get("CONSOLE_TESTS_WITHOUT_REDIS") == "1":
            pytest.skip("no Redis on 127.0.0.1:6379 and CONSOLE_TESTS_WITHOUT_REDIS=1")
        pytest.fail(
            "The login-throttle test needs Redis on 127.0.0.1:6379 (apt-get install redis-server), "
            "or set CONSOLE_TESTS_WITHOUT_REDIS=1 to skip it on a machine without Redis."
        )
    server.flushdb()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    yield server
    caches["default"].close()
    server.flushdb()
    server.close()


def test_failures_counted_by_one_instance_throttle_logins_on_another(user, redis_cache):
    assert "RedisCache" in type(caches["default"]).__name__
    first_instance, second_instance = Client(), Client()
    for _ in range(4):
        response = first_instance.post(
            "/accounts/login/", {"username": "ada", "password": "wrong"}, REMOTE_ADDR="192.0.2.1"
        )
        assert response.status_code == 200

    fifth = second_instance.post(
        "/accounts/login/", {"username": "ada", "password": "wrong"}, REMOTE_ADDR="192.0.2.2"
    )
    correct = first_instance.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD}, REMOTE_ADDR="192.0.2.3"
    )

    assert fifth.status_code == 429
    assert "Too many failed attempts; try again in 15 minutes." in fifth.content.decode()
    assert correct.status_code == 429
    assert any(key.startswith(b":1:login-throttle:user:") for key in redis_cache.keys())
    assert 0 < redis_cache.ttl(next(k for k in redis_cache.keys() if k.endswith(b":ends"))) <= 900
