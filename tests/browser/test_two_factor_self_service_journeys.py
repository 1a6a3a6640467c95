"""Chromium journeys: two-factor self-service. Turning it on signs out a browser signed in before;
new recovery codes make an old one fail and a new one work; turning it off, sign-in asks no code."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.a11y import settled_violations
from tests.browser.conftest import PASSWORD, log_in, sign_in_with
from tests.browser.test_team_journeys import code, fresh_tab, log_out  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/work/notes/shots"


@pytest.fixture(autouse=True)
def _no_otp_delay(settings):
    """django-otp's own delay after a wrong code (a second, doubling) would refuse the right code
    typed next at machine speed; the console's throttle (tests/accounts) still counts."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def shoot(tab, name):
    for width in (390, 1440):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.screenshot(path=f"{SHOTS}/G-{name}-{width}.png", full_page=True)
    tab.set_viewport_size({"width": 1280, "height": 900})
    assert settled_violations(tab) == []


def _code_step(tab, value):
    expect(tab).to_have_url(re.compile(r"/accounts/two-factor/"))
    tab.get_by_label("Code").fill(value)
    tab.get_by_role("button", name="Continue").click()


def test_on_signs_out_other_browsers_new_codes_replace_old_then_off_asks_no_code(
        page, fresh_tab, user, sandbox):
    sign_in_with(page, user, sandbox["full"])
    log_in(fresh_tab)  # a second browser, signed in with the password alone
    expect(fresh_tab.get_by_role("heading", name="Overview")).to_be_visible()

    page.goto("/settings/two-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code").fill(code(device))
    page.get_by_role("button", name="Turn on").click()
    old = page.locator(".recovery-codes code").all_inner_texts()
    expect(page.get_by_text("1 other session signed in with the password alone was signed out")).to_be_visible()
    expect(page.locator("#codes-left")).to_have_text(re.compile(r"^10 recovery codes left"))
    shoot(page, "two-factor-on")

    fresh_tab.goto("/settings/api-key/")  # the browser from before must sign in again, with a code
    expect(fresh_tab).to_have_url(re.compile(r"/accounts/login/"))
    log_in(fresh_tab)
    _code_step(fresh_tab, old[0])
    expect(fresh_tab.get_by_role("heading", name="Overview")).to_be_visible()

    page.reload()  # this session stayed, verified
    expect(page.locator("#codes-left")).to_have_text(re.compile(r"^9 recovery codes left"))
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    shoot(page, "two-factor-wrong-code")
    page.get_by_label("Code from your authenticator app").fill(code(device, drift=1))
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="Your new recovery codes")).to_be_visible()
    new = page.locator(".recovery-codes code").all_inner_texts()
    assert len(new) == 10 and not set(new) & set(old)
    shoot(page, "two-factor-new-codes")

    log_out(fresh_tab)
    log_in(fresh_tab)
    _code_step(fresh_tab, old[1])
    expect(fresh_tab.get_by_role("alert")).to_contain_text("That code is not right")
    _code_step(fresh_tab, new[0])
    expect(fresh_tab.get_by_role("heading", name="Overview")).to_be_visible()

    page.goto("/settings/two-factor/")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("Code from your app, or a recovery code").fill(new[1])
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_text("Two-factor sign-in is off")).to_be_visible()
    expect(page.get_by_role("heading", name="Turn on two-factor sign-in")).to_be_visible()

    log_out(fresh_tab)
    log_in(fresh_tab)
    expect(fresh_tab.get_by_role("heading", name="Overview")).to_be_visible()
    expect(fresh_tab).not_to_have_url(re.compile(r"/accounts/two-factor/"))


def test_an_admin_is_told_why_it_cannot_be_turned_off_while_required(page, user, sandbox,
                                                                     settings):
    from apps.accounts import roles
    from apps.accounts.models import Membership

    settings.REQUIRE_2FA_FOR_ADMINS = True
    roles.set_role(user, Membership.ADMIN)
    sign_in_with(page, user, sandbox["full"])
    expect(page).to_have_url(re.compile(r"/settings/two-factor/"))  # sent to enrol
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code").fill(code(device))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("required for admins on this console")).to_be_visible()
    expect(page.get_by_role("button", name="Turn off")).to_have_count(0)
    shoot(page, "two-factor-admin")
