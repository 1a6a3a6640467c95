"""The team page: invitations (single use, expiring, revocable), roles, deactivation, resets."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from apps.accounts import roles
from apps.accounts.models import Membership
from apps.audit.models import AuditEvent
from apps.team.models import Invitation
from tests.factories import PASSWORD, give_key, make_user

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STRONG = "correct horse battery 42"


@pytest.fixture(autouse=True)
def _no_email(settings):
    """E-mail not configured (Django's console backend) unless a test configures it."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}


@pytest.fixture
def admin(db):
    user = make_user("boss", email="boss@example.com")
    roles.set_role(user, Membership.ADMIN)
    return user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def _invite(admin_client, email="new@example.com", role="viewer"):
    response = admin_client.post("/settings/team/invite/", {"email": email, "role": role})
    assert response.status_code == 200
    return re.search(r'value="(http[^"]+/accounts/invitation/[^"]+/)"',
                     response.content.decode()).group(1)


def _path(link):
    return link.split("testserver", 1)[1]


def _join(link, password=STRONG):
    return Client().post(_path(link), {"first_name": "Nia", "password1": password,
                                       "password2": password})


def test_admin_sees_every_member_with_role_and_key_state_never_the_key(admin_client, admin):
    other = make_user("kim", email="kim@example.com")
    roles.set_role(other, Membership.VIEWER)
    give_key(other)
    page = admin_client.get("/settings/team/").content.decode()
    assert "kim@example.com" in page and "Viewer" in page and "Saved, verified" in page
    assert "idc_" not in page


def test_a_member_cannot_open_the_team_page(client, db):
    user = make_user()
    roles.set_role(user, Membership.MEMBER)
    give_key(user)
    client.force_login(user)
    response = client.get("/settings/team/")
    assert response.status_code == 403
    assert "Your role (Member) cannot do this: it needs Admin." in response.content.decode()


def test_an_invitation_without_email_is_shown_to_copy_and_joins_with_its_role(admin_client):
    link = _invite(admin_client)
    response = _join(link)
    assert response.status_code == 302 and response["Location"] == "/settings/api-key/"
    user = get_user_model().objects.get(username="new@example.com")
    assert roles.role_of(user) == Membership.VIEWER and user.first_name == "Nia"
    assert AuditEvent.objects.filter(action="team.invite_accept", user=user).exists()
    assert AuditEvent.objects.filter(action="team.invite", resource_id="new@example.com").exists()


@override_settings(MAILERS=LOCMEM)
def test_an_invitation_is_emailed_when_email_is_configured(admin_client):
    response = admin_client.post("/settings/team/invite/", {"email": "m@example.com",
                                                            "role": "member"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["m@example.com"]
    assert "/accounts/invitation/" in mail.outbox[0].body


def test_a_replayed_invitation_is_refused(admin_client):
    link = _invite(admin_client)
    _join(link)
    response = _join(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert get_user_model().objects.filter(username="new@example.com").count() == 1


def test_an_expired_invitation_is_refused(admin_client):
    link = _invite(admin_client)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(_path(link))
    assert response.status_code == 410 and "has expired" in response.content.decode()


def test_a_revoked_invitation_is_refused_and_the_revoke_is_audited(admin_client):
    link = _invite(admin_client)
    invitation = Invitation.objects.get()
    admin_client.post(f"/settings/team/invitations/{invitation.pk}/revoke/")
    response = _join(link)
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    assert AuditEvent.objects.filter(action="team.invite_revoke").exists()


def test_an_invitation_opened_by_a_signed_in_other_user_is_refused(admin_client):
    link = _invite(admin_client)
    response = admin_client.get(_path(link))
    assert response.status_code == 403 and "signed in as someone else" in response.content.decode()
    assert Invitation.objects.get().state == Invitation.PENDING


def test_an_unknown_invitation_link_is_refused(db):
    response = Client().get("/accounts/invitation/not-a-token/")
    assert response.status_code == 410 and "not valid" in response.content.decode()


def test_the_invitee_password_must_pass_djangos_validators(admin_client):
    link = _invite(admin_client)
    response = _join(link, password="123")
    assert response.status_code == 422
    assert not get_user_model().objects.filter(username="new@example.com").exists()


def test_inviting_an_existing_member_is_refused(admin_client, admin):
    response = admin_client.post("/settings/team/invite/", {"email": "boss@example.com",
                                                            "role": "member"})
    assert response.status_code == 422 and "already a member" in response.content.decode()


def test_a_role_change_is_kept_and_audited(admin_client):
    kim = make_user("kim")
    admin_client.post(f"/settings/team/members/{kim.pk}/role/", {"role": "viewer"})
    assert Membership.objects.get(user=kim).role == Membership.VIEWER
    event = AuditEvent.objects.get(action="team.role")
    assert event.detail == {"from": "admin", "to": "viewer"}  # the suite's default role


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(admin_client, admin):
    get_user_model().objects.exclude(pk=admin.pk).delete()
    admin_client.post(f"/settings/team/members/{admin.pk}/role/", {"role": "member"})
    admin_client.post(f"/settings/team/members/{admin.pk}/active/", {"active": "0"})
    admin.refresh_from_db()
    assert roles.role_of(admin) == Membership.ADMIN and admin.is_active
    assert "at least one active admin" in admin_client.get("/settings/team/").content.decode()


def test_a_deactivated_member_is_signed_out_at_once(admin_client):
    kim = make_user("kim")
    give_key(kim)
    kim_browser = Client()
    kim_browser.post("/accounts/login/", {"username": "kim", "password": PASSWORD})
    assert kim_browser.get("/settings/api-key/").status_code == 200
    admin_client.post(f"/settings/team/members/{kim.pk}/active/", {"active": "0"})
    response = kim_browser.get("/settings/api-key/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="team.deactivate", resource_id="kim").exists()


def test_a_password_reset_link_is_shown_and_sets_a_new_password(admin_client):
    kim = make_user("kim")
    page = admin_client.post(f"/settings/team/members/{kim.pk}/password-reset/").content.decode()
    link = re.search(r'value="(http[^"]+/accounts/reset/[^"]+/)"', page).group(1)
    browser = Client()
    form_page = browser.get(_path(link), follow=True)
    url = form_page.redirect_chain[-1][0]
    done = browser.post(url, {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    kim.refresh_from_db()
    assert kim.check_password(STRONG)


def test_a_refused_invitation_link_is_not_written_to_the_log(admin_client, caplog):
    link = _invite(admin_client)
    token = _path(link).rstrip("/").rsplit("/", 1)[1]
    with caplog.at_level("DEBUG"):
        admin_client.get(_path(link))
    assert token not in caplog.text
