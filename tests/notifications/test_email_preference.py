"""E-mail is opt-in: the preference form (CSRF, an address required to opt in), and a notification
e-mailed, once, only to a user who opted in."""

import smtplib

import pytest
from django.core import mail
from django.test import Client

from apps.notifications.models import Notification, NotificationSettings
from apps.notifications.notify import notify
from apps.notifications.tasks import send_notification_email
from tests.taskqueue import run_queued

EMAIL = "/notifications/email/"


def tell(user, title="“Call 1” is ready"):
    return notify(user, title=title, body="IdentityCall has finished processing it.",
                  url="/recordings/018f-ref/", outcome="completed")


def opt_in(user, address="ada@example.com"):
    user.email = address
    user.save()
    NotificationSettings.objects.create(user=user, email_when_done=True)


def test_the_preference_is_off_until_chosen_and_shown_on_the_list(keyed):
    html = keyed.get("/notifications/").content.decode()

    assert 'action="/notifications/email/"' in html
    checkbox = html.split('name="email_when_done"')[1].split(">")[0]
    assert "checked" not in checkbox


def test_opting_in_saves_the_choice_and_the_address(keyed, user):
    response = keyed.post(EMAIL, {"email_when_done": "on", "email": "ada@example.com"})

    assert response.status_code == 302 and response["Location"] == "/notifications/"
    user.refresh_from_db()
    assert user.email == "ada@example.com"
    assert user.notification_settings.email_when_done is True
    html = keyed.get("/notifications/").content.decode()
    assert "you will also get an e-mail" in html


def test_opting_in_without_an_address_is_a_field_error(keyed, user):
    response = keyed.post(EMAIL, {"email_when_done": "on", "email": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the address the e-mails should go to." in html
    assert not NotificationSettings.objects.filter(user=user).exists()


def test_a_malformed_address_is_a_field_error(keyed, user):
    response = keyed.post(EMAIL, {"email_when_done": "on", "email": "not an address"})

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_opting_out_keeps_the_address(keyed, user):
    opt_in(user)

    keyed.post(EMAIL, {"email": "ada@example.com"})

    user.refresh_from_db()
    assert user.notification_settings.email_when_done is False
    assert user.email == "ada@example.com"


def test_the_preference_needs_the_csrf_token(user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)

    response = strict.post(EMAIL, {"email_when_done": "on", "email": "ada@example.com"})

    assert response.status_code == 403
    assert not NotificationSettings.objects.filter(user=user).exists()


def test_a_user_who_opted_in_gets_one_email_with_the_link(user, settings):
    settings.CONSOLE_PUBLIC_URL = "https://console.example.com"
    opt_in(user)

    tell(user)
    run_queued()

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ada@example.com"]
    assert sent.subject == "“Call 1” is ready"
    assert "https://console.example.com/recordings/018f-ref/" in sent.body
    assert "https://console.example.com/notifications/" in sent.body


def test_without_a_public_address_the_email_names_the_page(user, settings):
    settings.CONSOLE_PUBLIC_URL = ""
    opt_in(user)

    tell(user)
    run_queued()

    assert "Open it in the IdentityCall Console: /recordings/018f-ref/" in mail.outbox[0].body


def test_a_user_who_did_not_opt_in_gets_no_email(user):
    user.email = "ada@example.com"
    user.save()

    tell(user)
    run_queued()

    assert mail.outbox == []
    assert Notification.objects.filter(user=user).count() == 1


def test_a_user_who_opted_out_again_gets_no_email(user):
    opt_in(user)
    NotificationSettings.objects.filter(user=user).update(email_when_done=False)

    tell(user)
    run_queued()

    assert mail.outbox == []


def test_the_email_task_run_twice_sends_once(user):
    opt_in(user)
    note = tell(user)
    run_queued()

    send_notification_email.enqueue(note.pk)
    run_queued()

    assert len(mail.outbox) == 1


def test_a_title_cannot_add_a_line_to_the_emails_headers(user):
    opt_in(user)

    tell(user, title="“Call\r\nBcc: evil@example.com” is ready")
    run_queued()

    assert mail.outbox[0].subject == "“Call Bcc: evil@example.com” is ready"
    assert mail.outbox[0].bcc == []


def test_a_mail_server_failure_is_logged_without_the_address(user, monkeypatch, caplog):
    opt_in(user)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"ada@example.com": (550, b"no")})

    monkeypatch.setattr("apps.notifications.tasks.send_mail", refuse)
    note = tell(user)
    ran = run_queued()

    assert [row.status for row in ran] == ["SUCCESSFUL"]
    assert "not sent: SMTPRecipientsRefused" in caplog.text
    assert "ada@example.com" not in caplog.text
    assert Notification.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize("value", ["", "ada@example.com"])
def test_the_email_page_shows_the_form(keyed, user, value):
    user.email = value
    user.save()

    html = keyed.get(EMAIL).content.decode()

    assert 'name="email"' in html
    assert f'value="{value}"' in html if value else 'value=""' not in html
