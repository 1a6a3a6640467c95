"""Two-factor self-service: recovery codes left, new recovery codes, turning it off, and every
other session ending when it is turned on."""

import re

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import roles
from apps.accounts.models import Membership
from apps.audit.models import AuditEvent
from tests.accounts.test_two_factor import _enrol, _password, code
from tests.factories import PASSWORD, give_key, make_user

CODES = r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>"


@pytest.fixture
def ada(db):
    user = make_user()
    roles.set_role(user, Membership.MEMBER)
    give_key(user)
    return user


def _left(browser) -> int:
    page = browser.get("/settings/two-factor/").content.decode()
    return int(re.search(r'id="codes-left"><strong>(\d+)</strong>', page).group(1))


def test_the_page_counts_the_recovery_codes_left(ada):
    browser = _password()
    _device, codes = _enrol(browser)
    assert _left(browser) == 10
    other = _password()
    assert other.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 302
    assert _left(browser) == 9


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)  # django-otp's own delays
def test_new_recovery_codes_need_a_right_code_replace_the_old_and_are_audited(ada):
    browser = _password()
    device, old = _enrol(browser)
    wrong = browser.post("/settings/two-factor/recovery-codes/", {"code": "000000"})
    assert wrong.status_code == 422 and "not right" in wrong.content.decode()
    recovery = browser.post("/settings/two-factor/recovery-codes/", {"code": old[1]})
    assert recovery.status_code == 422, "a recovery code does not make new ones"
    answer = browser.post("/settings/two-factor/recovery-codes/", {"code": code(device, drift=1)})
    new = re.findall(CODES, answer.content.decode())
    assert answer.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    assert "old recovery codes no longer work" in answer.content.decode()
    assert new[0] not in browser.get("/settings/two-factor/").content.decode()
    assert _password().post("/accounts/two-factor/", {"code": old[2]}).status_code == 422
    assert _password().post("/accounts/two-factor/", {"code": new[0]}).status_code == 302
    assert AuditEvent.objects.filter(user=ada, action="account.2fa_codes").count() == 1


@override_settings(LOGIN_THROTTLE_USER_LIMIT=3, OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_codes_for_new_recovery_codes_are_throttled_like_the_code_step(ada):
    browser = _password()
    device, _old = _enrol(browser)
    for _ in range(2):
        assert browser.post("/settings/two-factor/recovery-codes/", {"code": "123456"}).status_code == 422
    assert browser.post("/settings/two-factor/recovery-codes/", {"code": "123456"}).status_code == 429
    refused = browser.post("/settings/two-factor/recovery-codes/", {"code": code(device, drift=1)})
    assert refused.status_code == 429 and "Too many failed attempts" in refused.content.decode()
    assert not AuditEvent.objects.filter(action="account.2fa_codes").exists()
    # The same count: the code step after the password is refused too.
    assert _password().post("/accounts/two-factor/", {"code": code(device)}).status_code == 429


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)  # django-otp's own delays
def test_turning_off_needs_the_password_and_a_code_then_sign_in_asks_no_code(ada):
    browser = _password()
    device, codes = _enrol(browser)
    bad_password = browser.post("/settings/two-factor/off/",
                                {"password": "wrong", "code": code(device, drift=1)})
    assert bad_password.status_code == 422 and "not your current password" in bad_password.content.decode()
    bad_code = browser.post("/settings/two-factor/off/", {"password": PASSWORD, "code": "000000"})
    assert bad_code.status_code == 422 and "not right" in bad_code.content.decode()
    assert TOTPDevice.objects.filter(user=ada, confirmed=True).exists()
    done = browser.post("/settings/two-factor/off/", {"password": PASSWORD, "code": codes[3]})
    assert done.status_code == 302 and done["Location"] == "/settings/two-factor/"
    page = browser.get("/settings/two-factor/").content.decode()
    assert "Two-factor sign-in is off" in page and "Turn on two-factor sign-in" in page
    assert not TOTPDevice.objects.filter(user=ada, confirmed=True).exists()
    assert _password().get("/settings/api-key/").status_code == 200
    assert AuditEvent.objects.filter(user=ada, action="account.2fa_disable").count() == 1


@override_settings(LOGIN_THROTTLE_USER_LIMIT=3, OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_passwords_and_codes_to_turn_off_are_throttled(ada):
    browser = _password()
    device, _codes = _enrol(browser)
    assert browser.post("/settings/two-factor/off/", {"password": "x", "code": "1"}).status_code == 422
    assert browser.post("/settings/two-factor/off/", {"password": PASSWORD, "code": "1"}).status_code == 422
    assert browser.post("/settings/two-factor/off/", {"password": "x", "code": "1"}).status_code == 429
    refused = browser.post("/settings/two-factor/off/",
                           {"password": PASSWORD, "code": code(device, drift=1)})
    assert refused.status_code == 429 and "Too many failed attempts" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=ada, confirmed=True).exists()


@override_settings(REQUIRE_2FA_FOR_ADMINS=True)
def test_an_admin_cannot_turn_it_off_while_it_is_required_and_is_told_why(ada):
    roles.set_role(ada, Membership.ADMIN)
    browser = _password()
    device, _codes = _enrol(browser)
    page = browser.get("/settings/two-factor/").content.decode()
    assert "required for admins" in page and 'action="/settings/two-factor/off/"' not in page
    forced = browser.post("/settings/two-factor/off/",
                          {"password": PASSWORD, "code": code(device, drift=1)})
    assert forced.status_code == 403 and "required for admins" in forced.content.decode()
    assert TOTPDevice.objects.filter(user=ada, confirmed=True).exists()


def test_turning_it_on_signs_out_every_other_session_and_keeps_this_one(ada):
    before = _password()
    assert before.get("/settings/api-key/").status_code == 200
    browser = _password()
    browser.get("/settings/two-factor/")
    device = TOTPDevice.objects.get(user=ada, confirmed=False)
    answer = browser.post("/settings/two-factor/", {"code": code(device)})
    assert answer.status_code == 200 and "1 other session" in answer.content.decode()
    assert browser.get("/settings/api-key/").status_code == 200
    gone = before.get("/settings/api-key/")
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    again = _password(before).get("/settings/api-key/")
    assert again["Location"].startswith("/accounts/two-factor/")
    event = AuditEvent.objects.get(user=ada, action="account.2fa_enrol")
    assert event.detail.get("other_sessions_ended") == 1


def test_other_users_sessions_stay_when_one_turns_it_on(ada):
    bob = make_user("bob")
    give_key(bob)
    bobs = Client()
    assert bobs.post("/accounts/login/", {"username": "bob", "password": PASSWORD}).status_code == 302
    _enrol(_password())
    assert bobs.get("/settings/api-key/").status_code == 200


def test_without_two_factor_neither_form_makes_codes_or_changes_anything(ada):
    browser = _password()
    for path in ("/settings/two-factor/recovery-codes/", "/settings/two-factor/off/"):
        answer = browser.post(path, {"password": PASSWORD, "code": "123456"})
        assert answer.status_code == 302 and answer["Location"] == "/settings/two-factor/", path
    assert not AuditEvent.objects.filter(action__in=["account.2fa_codes",
                                                     "account.2fa_disable"]).exists()
    assert browser.get("/settings/two-factor/recovery-codes/").status_code == 405
