"""Sessions end after inactivity; changing the password logs out every other session."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from apps.accounts.sessions import RENEWED
from apps.audit.models import AuditEvent
from tests.factories import PASSWORD, give_key

PASSWORD_PAGE = "/settings/password/"
NEW_PASSWORD = "a-new-long-passphrase-42"


def log_in(browser, password=PASSWORD):
    response = browser.post("/accounts/login/", {"username": "ada", "password": password})
    assert response.status_code == 302, "the login should have worked"
    return browser


def stored_session(browser):
    return Session.objects.get(session_key=browser.cookies["sessionid"].value)


def test_the_idle_timeout_is_the_session_age():
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600  # SESSION_IDLE_TIMEOUT's default


def later(monkeypatch, seconds, browser):
    """Set the renewal clock `seconds` after the browser's session was last renewed (counted from
    the renewal itself, not from now: a second boundary between them must not change the test)."""
    renewed = stored_session(browser).get_decoded()[RENEWED]
    monkeypatch.setattr("apps.accounts.sessions.time.time", lambda: renewed + seconds)


def test_a_request_a_minute_after_the_last_renewal_pushes_the_expiry_forward(client, user, monkeypatch):
    give_key(user)
    log_in(client)
    Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )
    later(monkeypatch, 61, client)

    response = client.get("/settings/api-key/")

    assert stored_session(client).expire_date > timezone.now() + timedelta(hours=7)
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600  # the cookie is renewed too


def test_requests_within_a_minute_of_the_last_renewal_do_not_write_the_session(client, user, monkeypatch):
    give_key(user)
    log_in(client)
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(pk=stored_session(client).pk).update(expire_date=soon)
    later(monkeypatch, 59, client)

    response = client.get("/settings/api-key/")

    assert response.status_code == 200
    assert stored_session(client).expire_date == soon
    assert "sessionid" not in response.cookies


def test_a_short_timeout_is_renewed_more_often_than_it_lasts(client, user, monkeypatch, settings):
    settings.SESSION_COOKIE_AGE = 60  # SESSION_IDLE_TIMEOUT's minimum
    give_key(user)
    log_in(client)
    Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=timezone.now() + timedelta(seconds=5)
    )
    later(monkeypatch, 7, client)

    client.get("/settings/api-key/")

    assert stored_session(client).expire_date > timezone.now() + timedelta(seconds=50)


def test_a_signed_out_visitor_gets_no_session_from_renewal(client, db):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_an_idle_session_expires_and_the_next_request_goes_to_log_in(client, user):
    give_key(user)
    log_in(client)
    assert client.get("/settings/api-key/").status_code == 200
    Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get("/settings/api-key/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/settings/api-key/"


def test_the_password_page_has_the_three_labelled_fields(client, user):
    client.force_login(user)
    body = client.get(PASSWORD_PAGE).content.decode()
    assert '<label for="id_old_password">Old password</label>' in body
    assert '<label for="id_new_password1">New password</label>' in body
    assert '<label for="id_new_password2">New password confirmation</label>' in body
    assert ">Change password</button>" in body
    assert '<span class="settings-nav__link" aria-current="page">Password</span>' in body


def test_the_user_menu_links_to_the_password_page(client, user):
    give_key(user)
    client.force_login(user)
    body = client.get("/settings/api-key/").content.decode()
    assert '<a class="user-menu__item" href="/settings/password/">Password</a>' in body


def test_changing_the_password_logs_out_every_other_session_but_keeps_this_one(user):
    give_key(user)
    here, elsewhere = log_in(Client()), log_in(Client())
    assert elsewhere.get("/settings/api-key/").status_code == 200

    response = here.post(
        PASSWORD_PAGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [(PASSWORD_PAGE, 302)]
    assert "Password changed. Every other session of yours has been logged out." in (
        response.content.decode()
    )
    assert here.get("/settings/api-key/").status_code == 200
    kicked_out = elsewhere.get("/settings/api-key/")
    assert kicked_out.status_code == 302
    assert kicked_out.url.startswith("/accounts/login/")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_password_change_is_recorded_in_the_activity_without_the_password(user):
    here = log_in(Client())
    here.post(
        PASSWORD_PAGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.resource_id, event.user) == ("account.password_change", "ada", user)
    assert NEW_PASSWORD not in str(list(AuditEvent.objects.values()))


def test_a_wrong_old_password_changes_nothing_and_says_why(client, user):
    client.force_login(user)
    response = client.post(
        PASSWORD_PAGE,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in body
    assert 'aria-invalid="true"' in body
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


def test_the_password_page_needs_a_login_and_a_csrf_token(client, user):
    response = client.get(PASSWORD_PAGE)
    assert response.url == f"/accounts/login/?next={PASSWORD_PAGE}"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    refused = strict.post(
        PASSWORD_PAGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert refused.status_code == 403
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
