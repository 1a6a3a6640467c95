"""Teams in Chromium: an invitation joined in a fresh browser, roles as the invitee sees them,
two-factor sign-in with a TOTP code and a recovery code, and a deactivated member signed out."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from apps.accounts import roles
from tests.browser.a11y import settled_violations
from tests.browser.conftest import PASSWORD, log_in, sign_in_with
from tests.browser.test_two_users_journeys import csrf_token, small_wav, upload

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/work/notes/shots"
NEW_PASSWORD = "a long invitee passphrase 7"


@pytest.fixture(autouse=True)
def _no_email(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}


@pytest.fixture
def fresh_tab(chromium, live_server):
    """A tab in a browser context of its own (no cookies), checked for CSP and axe like `page`."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = []
    tab.on("console", lambda message: problems.append(message.text)
           if message.type == "error" and "Content Security Policy" in message.text else None)
    tab.set_default_timeout(10_000)
    yield tab
    try:
        a11y = settled_violations(tab)
    finally:
        context.close()
    assert not problems and not a11y, (problems, a11y)


def shoot(tab, name):
    for width in (390, 1440):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.screenshot(path=f"{SHOTS}/F-{name}-{width}.png", full_page=True)
    tab.set_viewport_size({"width": 1280, "height": 900})
    assert settled_violations(tab) == []


def log_out(tab):
    tab.locator("summary.user-menu__toggle").click()
    tab.get_by_role("button", name="Log out").click()


def code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def test_invited_viewer_sees_writes_hidden_and_refused_until_made_a_member(signed_in, fresh_tab,
                                                                          sandbox):
    admin = signed_in
    admin.goto("/settings/team/")
    admin.get_by_label("E-mail address").fill("nia@example.com")
    admin.get_by_label("Role", exact=True).select_option("viewer")
    admin.get_by_role("button", name="Invite").click()
    link = admin.get_by_role("textbox", name="Link").input_value()
    shoot(admin, "team-invited")

    fresh_tab.goto(link)
    shoot(fresh_tab, "invitation")
    fresh_tab.get_by_label("First name").fill("Nia")
    fresh_tab.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    fresh_tab.get_by_label("Password again").fill(NEW_PASSWORD)
    fresh_tab.get_by_role("button", name="Join").click()
    fresh_tab.get_by_label("API key").fill(sandbox["full"])
    fresh_tab.get_by_role("button", name="Verify and save").click()

    fresh_tab.goto("/recordings/")
    expect(fresh_tab.locator("#recordings-key-why")).to_contain_text(
        "Your role (Viewer) cannot make changes.")
    expect(fresh_tab.get_by_role("link", name="Upload recordings")).to_have_count(0)
    forced = fresh_tab.request.post("/recordings/upload/file/", max_redirects=0,
                                    form={"csrfmiddlewaretoken": csrf_token(fresh_tab)})
    assert forced.status == 403 and "Your role (Viewer) cannot do this" in forced.text()
    fresh_tab.goto("/recordings/upload/")
    expect(fresh_tab.get_by_role("heading", name="Not allowed for your role")).to_be_visible()
    shoot(fresh_tab, "role-refused")

    admin.goto("/settings/team/")
    admin.get_by_label("Role of nia@example.com").select_option("member")
    admin.get_by_role("button", name="Change role of nia@example.com").click()
    expect(admin.get_by_text("nia@example.com is now Member.")).to_be_visible()
    shoot(admin, "team")

    upload(fresh_tab, project="Onboarding", name="Nia's first call", content=small_wav(b"nia"))


def test_two_factor_enrolment_then_sign_in_with_a_code_and_with_a_recovery_code(page, user,
                                                                               sandbox):
    sign_in_with(page, user, sandbox["full"])
    page.goto("/settings/two-factor/")
    expect(page.locator(".qr svg")).to_be_visible()
    shoot(page, "two-factor-enrol")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code").fill(code(device))
    page.get_by_role("button", name="Turn on").click()
    recovery = page.locator(".recovery-codes code").all_inner_texts()
    assert len(recovery) == 10
    shoot(page, "two-factor-codes")

    log_out(page)
    log_in(page)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    shoot(page, "two-factor-verify")
    page.goto("/settings/api-key/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))  # no page before the code
    page.get_by_label("Code").fill(code(device, drift=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/settings/api-key/$"))

    log_out(page)
    log_in(page)
    page.get_by_label("Code").fill(recovery[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.goto("/settings/sessions/")
    expect(page.get_by_text("This browser")).to_be_visible()
    shoot(page, "sessions")


def test_a_deactivated_member_is_signed_out_on_their_next_request(signed_in, fresh_tab,
                                                                django_user_model, sandbox):
    kim = django_user_model.objects.create_user("kim", password=PASSWORD)
    roles.set_role(kim, "member")
    sign_in_with(fresh_tab, kim, sandbox["full"])
    expect(fresh_tab.get_by_role("heading", name="Overview")).to_be_visible()

    signed_in.goto("/settings/team/")
    signed_in.get_by_role("button", name="Deactivate kim").click()
    expect(signed_in.get_by_text("kim is deactivated and signed out everywhere.")).to_be_visible()

    fresh_tab.goto("/recordings/")
    expect(fresh_tab).to_have_url(re.compile(r"/accounts/login/"))
