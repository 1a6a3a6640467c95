"""The login throttle keeps its promise when the cache misbehaves: a lost window end, a second
failure later in the window, two counters blocked for different times (apps/accounts/throttle.py)."""

import logging
from unittest import mock

import pytest
from django.core.cache import cache

from apps.accounts import throttle

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WINDOW = 15 * 60


class Clock:
    """time.time() as the throttle sees it, moved by hand."""

    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    moved = Clock()
    with mock.patch.object(throttle.time, "time", moved):
        yield moved


def fail(times, username="ada", address="192.0.2.1"):
    for _ in range(times):
        throttle.note_failure(username, address)


def test_a_counter_whose_window_end_was_evicted_still_blocks_for_a_whole_window(client, user, clock):
    fail(5)
    user_counter = throttle.counters("ada", None)[0]
    cache.delete(f"{user_counter.key}:ends")  # an LRU cache dropped it; the count survived

    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW
    response = client.post(LOGIN, {"username": "ada", "password": "x"}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 429
    assert response["Retry-After"] == str(WINDOW)
    assert "Too many failed attempts; try again in 15 minutes." in response.content.decode()


def test_the_window_starts_at_the_first_failure_and_later_failures_do_not_move_it(clock):
    fail(1)
    clock.now += 600
    fail(4)

    # Blocked until 15 minutes after the FIRST failure: 5 minutes left, not a fresh 15.
    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW - 600


def test_with_two_counters_blocked_the_longer_wait_is_reported(settings, clock):
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 5
    fail(5, username="bob")  # the address's window starts now
    clock.now += 300
    fail(5, username="ada")  # ada's own window starts 5 minutes later

    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW
    # From another address only ada's counter speaks; bob's address alone blocks anyone else.
    assert throttle.seconds_blocked("ada", "198.51.100.7") == WINDOW
    assert throttle.seconds_blocked("carol", "192.0.2.1") == WINDOW - 300


def test_under_the_limit_nothing_is_blocked_and_at_the_limit_it_is(clock):
    fail(4)
    assert throttle.seconds_blocked("ada", "192.0.2.1") == 0
    fail(1)
    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW


def test_once_the_window_has_passed_the_wait_is_over_even_if_the_count_is_still_there(clock):
    fail(5)
    clock.now += WINDOW + 1  # the cache has not expired the count yet; its end is in the past

    assert throttle.seconds_blocked("ada", "192.0.2.1") == 0


def test_a_wait_is_rounded_up_to_the_next_whole_second(clock):
    fail(5)
    clock.now += 0.5

    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW  # 899.5 s reads as 900


def test_without_an_address_only_the_username_is_counted(clock):
    assert [c.key.split(":")[1] for c in throttle.counters("ada", None)] == ["user"]
    fail(5, address=None)

    assert throttle.seconds_blocked("ada", None) == WINDOW
    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW
    assert throttle.seconds_blocked("bob", "192.0.2.1") == 0


def test_the_username_is_case_folded_and_trimmed(clock):
    fail(5, username="  Ada ")

    assert throttle.seconds_blocked("ada", "198.51.100.7") == WINDOW
    assert throttle.seconds_blocked("ADA", "198.51.100.7") == WINDOW


def test_each_limit_comes_from_its_own_setting(settings, clock):
    settings.LOGIN_THROTTLE_USER_LIMIT = 3
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 7
    user_counter, address_counter = throttle.counters("ada", "192.0.2.1")

    assert (user_counter.limit, address_counter.limit) == (3, 7)
    assert address_counter.key == "login-throttle:address:192.0.2.1"


def test_a_count_that_expired_between_add_and_incr_starts_again_at_one(clock):
    real_incr = cache.incr

    def expired(key, delta=1):
        if "user" in key:
            raise ValueError("Key not found")
        return real_incr(key, delta)

    with mock.patch.object(cache, "incr", expired), \
            mock.patch.object(cache, "set", wraps=cache.set) as started_again:
        fail(1)

    user_key = throttle.counters("ada", None)[0].key
    assert cache.get(user_key) == 1
    started_again.assert_called_once_with(user_key, 1, WINDOW)  # it expires with the window


def test_counts_expire_with_their_window(clock):
    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        fail(1)

    assert {call.args[2] for call in add.call_args_list} == {WINDOW}


def test_a_success_forgets_the_username_and_its_window_but_not_the_address(settings, clock):
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 5
    fail(5)
    throttle.note_success("ada")

    user_counter = throttle.counters("ada", None)[0]
    assert cache.get_many([user_counter.key, f"{user_counter.key}:ends"]) == {}
    assert throttle.seconds_blocked("ada", "198.51.100.7") == 0
    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW  # the address still is


REDIS = ("Login throttle: login failures are counted in Redis (CACHE_URL), shared by every "
         "process and instance that uses it.")
DATABASE = ("Login throttle: login failures are counted in the database cache, shared by every "
            "process using this database; with several instances set CACHE_URL to a shared Redis "
            "(redis://host:6379/0), which takes that load off the database.")
MEMORY = ("Login throttle: login failures are counted in this process's memory (LocMemCache), "
          "which suits one development server: other processes do not see them.")


@pytest.mark.parametrize(("backend", "level", "message"), [
    ("django_redis.cache.RedisCache", logging.INFO, REDIS),
    ("django.core.cache.backends.redis.RedisCache", logging.INFO, REDIS),
    ("django.core.cache.backends.db.DatabaseCache", logging.WARNING, DATABASE),
    ("django.core.cache.backends.locmem.LocMemCache", logging.INFO, MEMORY),
])
def test_the_server_says_where_the_counts_are_kept(settings, caplog, backend, level, message):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "redis://:secret@cache:6379"}}
    with caplog.at_level(logging.INFO, logger="apps.accounts.throttle"):
        throttle.announce_store()

    (record,) = caplog.records
    assert record.levelno == level and record.name == "apps.accounts.throttle"
    assert record.getMessage() == message  # and never the LOCATION, which may hold a password


def test_a_limit_of_one_blocks_only_after_a_failure(settings, clock):
    settings.LOGIN_THROTTLE_USER_LIMIT = 1
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 1

    assert throttle.seconds_blocked("ada", "192.0.2.1") == 0
    fail(1)
    assert throttle.seconds_blocked("ada", "192.0.2.1") == WINDOW


def test_the_last_second_of_a_window_still_blocks(clock):
    fail(5)
    clock.now += WINDOW - 1

    assert throttle.seconds_blocked("ada", "192.0.2.1") == 1
