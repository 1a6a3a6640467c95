"""Failed logins are throttled per username and per client address, with counters in the cache."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from apps.accounts import throttle
from tests.factories import PASSWORD, make_user

LOGIN = "/accounts/login/"
MESSAGE = "Too many failed attempts; try again in 15 minutes."


def attempt(browser, username="ada", password="wrong-password", address="192.0.2.1"):
    return browser.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(browser, times, **where):
    return [attempt(browser, **where) for _ in range(times)]


def test_four_failures_still_get_the_usual_message(client, user):
    responses = fail(client, 4)
    assert all(r.status_code == 200 for r in responses)
    assert "Please enter a correct username and password" in responses[-1].content.decode()
    assert attempt(client, password=PASSWORD).status_code == 302


def test_the_fifth_failure_for_a_username_says_to_wait(client, user):
    # The throttle's clock stands still, so the wait announced does not depend on how long the
    # five logins took.
    with mock.patch.object(throttle, "time", SimpleNamespace(time=lambda: 1_000_000.0)):
        *_, fifth = fail(client, 5)

    body = fifth.content.decode()
    assert fifth.status_code == 429
    assert fifth["Retry-After"] == "900"
    assert MESSAGE in body
    assert 'role="alert"' in body
    assert "Please enter a correct username" not in body
    assert 'value="ada"' in body  # what was typed stays in the form


def test_once_throttled_the_password_is_not_even_checked(client, user):
    fail(client, 5)

    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        response = attempt(client, password=PASSWORD)

    authenticate.assert_not_called()
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_username_limit_holds_from_every_address_and_for_any_case(client, user):
    fail(client, 5, address="192.0.2.1")
    response = attempt(client, username="ADA", password=PASSWORD, address="198.51.100.7")
    assert response.status_code == 429


def test_other_usernames_are_not_affected_by_one_being_throttled(client, user):
    make_user("grace")
    fail(client, 5, username="ada")
    response = attempt(client, username="grace", password=PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_the_address_limit_stops_guessing_across_many_usernames(client, user, settings):
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 20
    for n in range(19):
        assert attempt(client, username=f"guess{n}").status_code == 200

    twentieth = attempt(client, username="guess19")
    correct = attempt(client, username="ada", password=PASSWORD)
    elsewhere = attempt(client, username="ada", password=PASSWORD, address="198.51.100.7")

    assert twentieth.status_code == 429
    assert correct.status_code == 429
    assert MESSAGE in correct.content.decode()
    assert elsewhere.status_code == 302


def test_a_successful_login_resets_the_username_counter(client, user):
    fail(client, 4)
    assert attempt(client, password=PASSWORD).status_code == 302
    client.logout()

    responses = fail(client, 4)

    assert all(r.status_code == 200 for r in responses)


def test_a_successful_login_does_not_reset_the_address_counter(client, user, settings):
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 6
    fail(client, 4, username="someone-else")
    attempt(client, password=PASSWORD)
    client.logout()

    fail(client, 1, username="another")
    assert attempt(client, username="third").status_code == 429


def test_the_limits_and_window_come_from_settings(client, user, settings):
    settings.LOGIN_THROTTLE_USER_LIMIT = 2
    settings.LOGIN_THROTTLE_WINDOW_SECONDS = 60
    first, second = fail(client, 2)
    assert first.status_code == 200
    assert second.status_code == 429
    assert "try again in 1 minute." in second.content.decode()


def test_when_the_window_ends_logins_are_checked_again(client, user):
    fail(client, 5)
    later = throttle.time.time() + 901
    # time.time is the clock of both the throttle and the local-memory cache's expiry.
    with mock.patch("time.time", return_value=later):
        assert throttle.seconds_blocked("ada", "192.0.2.1") == 0
        assert attempt(client, password=PASSWORD).status_code == 302


def test_the_counters_live_in_the_shared_cache_so_another_instance_sees_them(user):
    first_instance, second_instance = Client(), Client()
    fail(first_instance, 5)

    response = attempt(second_instance, password=PASSWORD)

    assert response.status_code == 429
    keys = [counter.key for counter in throttle.counters("ada", "192.0.2.1")]
    assert cache.get(keys[0]) == 5
    cache.clear()  # the shared store is the only state: empty it and the throttle is gone
    assert attempt(second_instance, password=PASSWORD).status_code == 302


def test_a_missing_password_is_not_counted(client, user):
    for _ in range(6):
        client.post(LOGIN, {"username": "ada", "password": ""}, REMOTE_ADDR="192.0.2.1")
    assert attempt(client, password=PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, user, settings):
    settings.LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR = True
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 3
    for n in range(3):
        client.post(LOGIN, {"username": f"x{n}", "password": "nope"}, REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR="203.0.113.5")

    blocked = client.post(LOGIN, {"username": "ada", "password": PASSWORD},
                          REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = client.post(LOGIN, {"username": "ada", "password": PASSWORD},
                        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert blocked.status_code == 429
    assert other.status_code == 302


def test_without_trusting_the_proxy_a_forged_header_changes_nothing(client, user, settings):
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 3
    for n in range(3):
        client.post(LOGIN, {"username": f"x{n}", "password": "nope"}, REMOTE_ADDR="192.0.2.1",
                    HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert attempt(client, password=PASSWORD).status_code == 429


@pytest.mark.parametrize(("seconds", "words"), [(1, "1 minute"), (60, "1 minute"),
                                                (61, "2 minutes"), (900, "15 minutes")])
def test_the_wait_is_rounded_up_to_whole_minutes(seconds, words):
    assert throttle.wait_message(seconds) == f"Too many failed attempts; try again in {words}."
