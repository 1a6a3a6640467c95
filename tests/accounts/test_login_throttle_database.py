"""The login throttle on the database cache, production's store when CACHE_URL is unset.

Its window holds as long as on Redis, and failures arriving at the same moment are each counted.
"""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.db import connections
from django.test import Client
from django.utils import timezone

from apps.accounts import throttle
from console.settings.base import cache_from_url
from tests.factories import PASSWORD


@pytest.fixture
def database_cache(settings):
    """Point the default cache at the database cache production uses (the table migrate made)."""
    settings.CACHES = {"default": cache_from_url("db://")}
    assert type(caches["default"]).__name__ == "DatabaseCache"
    yield
    cache.clear()


def attempt(browser, password="wrong-password"):
    return browser.post(
        "/accounts/login/", {"username": "ada", "password": password}, REMOTE_ADDR="192.0.2.1"
    )


def later(seconds):
    """Patch both clocks, the throttle's and the database cache's, `seconds` ahead."""
    now_ts, now_dt = throttle.time.time(), timezone.now()
    clock = mock.patch("time.time", return_value=now_ts + seconds)
    db_clock = mock.patch(
        "django.core.cache.backends.db.tz_now", return_value=now_dt + timedelta(seconds=seconds)
    )
    return clock, db_clock


def test_the_lock_lasts_the_whole_window_on_the_database_cache(client, user, database_cache):
    for _ in range(5):
        attempt(client)

    clock, db_clock = later(600)  # 10 minutes after the failures, 5 before the window ends
    with clock, db_clock:
        response = attempt(client, PASSWORD)

    assert response.status_code == 429
    assert "try again in 5 minutes." in response.content.decode()


def test_the_window_ends_on_time_on_the_database_cache(client, user, database_cache):
    for _ in range(5):
        attempt(client)

    clock, db_clock = later(901)
    with clock, db_clock:
        assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_simultaneous_failures_are_each_counted(database_cache):
    threads, per_thread = 6, 5

    def guess():
        for _ in range(per_thread):
            throttle.note_failure("ada", None)
        connections.close_all()

    workers = [threading.Thread(target=guess) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert cache.get(throttle.counters("ada", None)[0].key) == threads * per_thread


def test_two_instances_share_the_count_through_the_database(user, database_cache):
    for _ in range(5):
        attempt(Client())
    assert attempt(Client(), PASSWORD).status_code == 429
