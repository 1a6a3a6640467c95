"""The admin's login form counts failures in the same throttle as /accounts/login/."""

from types import SimpleNamespace
from unittest import mock

from apps.accounts import throttle
from tests.factories import PASSWORD, make_user

ADMIN_LOGIN = "/admin/login/"
CONSOLE_LOGIN = "/accounts/login/"
MESSAGE = "Too many failed attempts; try again in 15 minutes."


def attempt(browser, url, username="root", password="wrong-password", address="192.0.2.1"):
    return browser.post(
        f"{url}?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def staff():
    return make_user("root", is_staff=True, is_superuser=True)


def test_fifty_wrong_admin_guesses_are_refused_once_over_the_limit(client, db):
    staff()
    # The throttle's clock stands still: fifty logins take seconds on a busy machine, and the
    # wait announced must not depend on how many.
    with mock.patch.object(throttle, "time", SimpleNamespace(time=lambda: 1_000_000.0)):
        answers = [attempt(client, ADMIN_LOGIN) for _ in range(50)]

    assert [a.status_code for a in answers[:4]] == [200] * 4
    assert all(a.status_code == 429 for a in answers[4:])
    assert MESSAGE in answers[-1].content.decode()
    assert answers[-1]["Retry-After"] == "900"


def test_the_right_password_is_refused_on_the_admin_while_locked(client, db):
    staff()
    for _ in range(5):
        attempt(client, ADMIN_LOGIN)

    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        response = attempt(client, ADMIN_LOGIN, password=PASSWORD, address="198.51.100.7")

    authenticate.assert_not_called()
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_the_console_form_lock_the_admin_form(client, db):
    staff()
    for _ in range(5):
        attempt(client, CONSOLE_LOGIN)

    response = attempt(client, ADMIN_LOGIN, password=PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_the_admin_form_lock_the_console_form(client, db):
    staff()
    for _ in range(4):
        attempt(client, ADMIN_LOGIN)
    fifth = attempt(client, CONSOLE_LOGIN)

    response = attempt(client, CONSOLE_LOGIN, password=PASSWORD)

    assert fifth.status_code == 429
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()


def test_the_admin_address_limit_counts_guesses_across_usernames(client, db, settings):
    staff()
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 3
    for n in range(3):
        attempt(client, ADMIN_LOGIN, username=f"guess{n}")

    assert attempt(client, ADMIN_LOGIN, password=PASSWORD).status_code == 429
    assert attempt(client, CONSOLE_LOGIN, password=PASSWORD).status_code == 429


def test_a_staff_member_still_logs_in_to_the_admin(client, db):
    staff()
    response = attempt(client, ADMIN_LOGIN, password=PASSWORD)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_a_right_password_without_staff_rights_is_not_a_guess(client, db):
    make_user("clerk")
    for _ in range(5):
        refused = attempt(client, ADMIN_LOGIN, username="clerk", password=PASSWORD)
        assert refused.status_code == 200
        assert "for a staff account" in refused.content.decode()

    assert attempt(client, CONSOLE_LOGIN, username="clerk", password=PASSWORD).status_code == 302
