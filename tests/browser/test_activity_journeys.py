"""Journeys through the settings pages in Chromium: the activity trail and the login throttle."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The live server shares this process's cache: start and end with no failed logins."""
    cache.clear()
    yield
    cache.clear()


def test_replacing_the_key_shows_up_in_the_activity(signed_in, sandbox):
    page = signed_in
    page.goto("/settings/api-key/")
    page.get_by_role("textbox", name="API key").fill(sandbox["read_only"])
    page.get_by_role("button", name="Verify and replace").click()
    expect(page.get_by_text(re.compile(r"API key idc_…\w{4} replaced\."))).to_be_visible()

    # The user menu leads to the activity.
    page.locator("summary.user-menu__toggle").click()
    page.get_by_role("link", name="Activity", exact=True).first.click()

    expect(page).to_have_url(re.compile(r"/settings/activity/$"))
    expect(page.get_by_role("heading", name="Activity")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Replaced API key")
    expect(row).to_have_count(1)
    expect(row.get_by_text("Succeeded")).to_be_visible()
    expect(row).to_contain_text(f"idc_…{sandbox['read_only'][-4:]}")
    expect(row).to_contain_text(f"Replaced idc_…{sandbox['full'][-4:]}")
    assert sandbox["read_only"] not in page.content()

    # The filter swaps the list in place (htmx) and keeps the choice in the address.
    page.get_by_label("Action").select_option("project.delete")
    expect(page.get_by_text("Nothing of this kind yet")).to_be_visible()
    expect(page).to_have_url(re.compile(r"action=project\.delete"))
    page.get_by_label("Action").select_option("api_key.replace")
    expect(page.get_by_role("row").filter(has_text="Replaced API key")).to_have_count(1)


def test_five_wrong_passwords_throttle_the_login_with_a_clear_message(page, user):
    for attempt in range(1, 6):
        log_in(page, password=f"wrong-{attempt}")
        expect(page.get_by_role("heading", name="Log in")).to_be_visible()
        if attempt < 5:
            expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username")

    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Too many failed attempts; try again in 15 minutes.")
    expect(page.get_by_label("Username")).to_have_value("journey")

    # Even the right password is refused now, without being checked.
    log_in(page)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_have_text(
        "Too many failed attempts; try again in 15 minutes."
    )
