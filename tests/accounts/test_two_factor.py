"""Two-factor sign-in: enrol with a QR code, then password + code (or a recovery code), throttled."""

import re

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import roles
from apps.accounts.models import Membership
from apps.audit.models import AuditEvent
from tests.factories import PASSWORD, give_key, make_user


def code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


@pytest.fixture
def ada(db):
    user = make_user()
    roles.set_role(user, Membership.MEMBER)
    give_key(user)
    return user


def _password(browser=None):
    browser = browser or Client()
    assert browser.post("/accounts/login/", {"username": "ada", "password": PASSWORD}).status_code == 302
    return browser


def _enrol(browser):
    page = browser.get("/settings/two-factor/").content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(confirmed=False)
    answer = browser.post("/settings/two-factor/", {"code": code(device)})
    assert answer.status_code == 200
    return device, re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", answer.content.decode())


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # django-otp's own delay after a wrong code
def test_enrolment_needs_a_right_code_then_shows_ten_recovery_codes_once(ada):
    browser = _password()
    browser.get("/settings/two-factor/")
    wrong = browser.post("/settings/two-factor/", {"code": "000000"})
    assert wrong.status_code == 422 and "not right" in wrong.content.decode()
    _device, codes = _enrol(browser)
    assert len(codes) == 10
    again = browser.get("/settings/two-factor/").content.decode()
    assert "is on" in again and codes[0] not in again
    assert AuditEvent.objects.filter(user=ada, action="account.2fa_enrol").exists()


def test_after_enrolling_no_page_opens_before_the_code(ada):
    device, _codes = _enrol(_password())
    browser = _password()
    for path in ("/", "/settings/api-key/", "/recordings/", "/admin/", "/settings/team/"):
        response = browser.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/two-factor/?next="), path
    answer = browser.post("/accounts/two-factor/", {"code": code(device, drift=1),
                                                    "next": "/settings/api-key/"})
    assert answer["Location"] == "/settings/api-key/"
    assert browser.get("/settings/api-key/").status_code == 200


def test_a_recovery_code_signs_in_once(ada):
    _device, codes = _enrol(_password())
    first, second = _password(), _password()
    assert first.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 302
    assert first.get("/settings/api-key/").status_code == 200
    replay = second.post("/accounts/two-factor/", {"code": codes[0]})
    assert replay.status_code == 422


def test_recovery_codes_fit_django_otps_token_column_and_are_typed_with_or_without_hyphen(ada):
    from django_otp.plugins.otp_static.models import StaticToken

    _device, codes = _enrol(_password())
    longest = StaticToken._meta.get_field("token").max_length  # PostgreSQL enforces it
    assert all(len(token) <= longest for token in
               StaticToken.objects.values_list("token", flat=True))
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{8}", shown) for shown in codes)
    as_shown, plain = _password(), _password()
    assert as_shown.post("/accounts/two-factor/", {"code": codes[1]}).status_code == 302
    typed = codes[2].replace("-", "").upper()
    assert plain.post("/accounts/two-factor/", {"code": typed}).status_code == 302


@override_settings(LOGIN_THROTTLE_USER_LIMIT=3)
def test_wrong_codes_are_throttled_like_passwords(ada):
    device, _codes = _enrol(_password())
    browser = _password()
    for _ in range(2):
        assert browser.post("/accounts/two-factor/", {"code": "123456"}).status_code == 422
    assert browser.post("/accounts/two-factor/", {"code": "123456"}).status_code == 429
    refused = browser.post("/accounts/two-factor/", {"code": code(device, drift=1)})
    assert refused.status_code == 429 and "Too many failed attempts" in refused.content.decode()
    assert browser.get("/settings/api-key/").status_code == 302


@override_settings(REQUIRE_2FA_FOR_ADMINS=True)
def test_when_required_an_admin_without_it_is_sent_to_enrol_and_a_member_is_not(ada):
    boss = make_user("boss")
    roles.set_role(boss, Membership.ADMIN)
    give_key(boss)
    admin_browser = Client()
    admin_browser.force_login(boss)
    response = admin_browser.get("/settings/api-key/")
    assert response["Location"].startswith("/settings/two-factor/")
    assert admin_browser.get("/settings/two-factor/").status_code == 200
    assert _password().get("/settings/api-key/").status_code == 200


def test_an_admin_resets_a_members_second_factor_audited(ada, client):
    _enrol(_password())
    boss = make_user("boss")
    roles.set_role(boss, Membership.ADMIN)
    client.force_login(boss)
    client.post(f"/settings/team/members/{ada.pk}/two-factor/reset/")
    assert not TOTPDevice.objects.filter(user=ada).exists()
    assert not StaticDevice.objects.filter(user=ada).exists()
    assert AuditEvent.objects.filter(action="team.2fa_reset", resource_id="ada").exists()
    assert _password().get("/settings/api-key/").status_code == 200
