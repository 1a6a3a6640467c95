"""Journeys through the operators screens in Chromium, against the sandbox over HTTP."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_with

pytestmark = pytest.mark.django_db(transaction=True)


def operator_rows(page):
    return page.locator("#operator-rows tr:visible")


def numbers_section(page):
    return page.locator("#operator-numbers")


def test_create_an_operator_from_a_local_number_and_see_it_normalised(signed_in):
    page = signed_in
    page.goto("/operators/")
    page.get_by_role("link", name="New operator").click()

    # A number that cannot be one is refused on the spot, the rest of the input kept.
    page.get_by_label("Name").fill("Ieva Kalnė")
    page.get_by_label("Phone number").fill("612")
    page.get_by_label("Email").fill("ieva@example.lt")
    page.get_by_role("button", name="Create operator").click()
    expect(
        page.get_by_text(re.compile(r"wrong number of digits|does not look like"))
    ).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("ieva@example.lt")

    # A Lithuanian number in local format, read in the chosen region.
    page.get_by_label("Phone number").fill("8 612 34999")
    page.get_by_label("Country of a local number").select_option("LT")
    page.get_by_role("button", name="Create operator").click()
    expect(page).to_have_url(re.compile(r"/operators/\d+/$"))
    expect(
        page.get_by_text("Operator “Ieva Kalnė” created. Phone number saved as +370 612 34999.")
    ).to_be_visible()
    expect(page.get_by_text("+37061234999")).to_be_visible()

    # A US number in local format, edited in: US is the default region.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Phone number").fill("(212) 555-0175")
    page.get_by_label("Country of a local number").select_option("US")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Phone number saved as +1 212-555-0175.")).to_be_visible()

    page.goto("/operators/")
    row = operator_rows(page).filter(has_text="Ieva Kalnė")
    expect(row.locator(".phone")).to_have_text("+1 212-555-0175")
    expect(row.locator(".phone")).to_have_attribute("title", "+12125550175")
    expect(row.locator(".op-avatar")).to_have_text("IK")


def test_toggle_active_inline_and_filter_without_reloading(signed_in):
    page = signed_in
    page.goto("/operators/")
    page.get_by_label("Filter operators").fill("greta")
    expect(operator_rows(page)).to_have_count(1)

    switch = page.get_by_role("switch", name="Active: Greta Hall")
    expect(switch).to_have_attribute("aria-checked", "true")
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(operator_rows(page).first).to_contain_text("Inactive")
    # Only the switch was replaced: the filter typed above is still there.
    expect(page.get_by_label("Filter operators")).to_have_value("greta")
    expect(switch).to_be_focused()

    page.reload()
    expect(page.get_by_role("switch", name="Active: Greta Hall")).to_have_attribute(
        "aria-checked", "false"
    )
    page.get_by_role("switch", name="Active: Greta Hall").click()
    expect(page.get_by_role("switch", name="Active: Greta Hall")).to_have_attribute(
        "aria-checked", "true"
    )


def test_attach_and_detach_a_number_from_the_operators_page(signed_in):
    page = signed_in
    page.goto("/operators/")
    page.get_by_role("link", name="Greta Hall").click()
    expect(numbers_section(page)).to_contain_text("No number routes calls to this operator yet.")
    operator_url = page.url

    page.get_by_label("Number", exact=True).select_option(label="+1 415-555-0100 · US Support Line")
    page.get_by_role("button", name="Attach").click()
    expect(
        numbers_section(page).get_by_text(
            "Attached Greta Hall to +1 415-555-0100 · US Support Line."
        )
    ).to_be_visible()
    expect(
        numbers_section(page).get_by_role("link", name="+1 415-555-0100", exact=True)
    ).to_have_attribute("href", re.compile(r"/numbers/\d+/$"))
    expect(page).to_have_url(operator_url)  # htmx updated the section in place

    # The number's own page agrees: Greta now answers it.
    numbers_section(page).get_by_role("link", name="+1 415-555-0100", exact=True).click()
    expect(page.locator("#routing")).to_contain_text("Greta Hall")
    page.go_back()

    page.get_by_role("link", name="Detach from +1 415-555-0100").click()
    dialog = page.get_by_role("dialog", name="Detach from +1 415-555-0100?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Detach").click()
    expect(
        page.get_by_text("Detached Greta Hall from +1 415-555-0100 · US Support Line.")
    ).to_be_visible()
    expect(numbers_section(page)).to_contain_text("No number routes calls to this operator yet.")


def test_delete_lists_the_numbers_that_lose_the_operator(signed_in):
    page = signed_in
    page.goto("/operators/")
    page.get_by_role("link", name="Priya Nair").click()
    page.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_text("These numbers stop routing calls to Priya Nair:")).to_be_visible()
    expect(page.get_by_role("link", name="+44 7911 123400")).to_be_visible()
    page.get_by_role("button", name="Delete operator").click()
    expect(page.get_by_text("Operator “Priya Nair” deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Priya Nair")).to_have_count(0)


def test_a_read_only_key_is_refused_clearly_everywhere(page, user, sandbox):
    sign_in_with(page, user, sandbox["read_only"])

    # Detaching (a full-page post through the dialog): refused on the operator's page.
    page.goto("/operators/")
    page.get_by_role("link", name="Aldona Petrauskaitė").click()
    page.get_by_role("link", name=re.compile(r"^Detach from")).first.click()
    page.get_by_role("dialog").get_by_role("button", name="Detach").click()
    expect(
        page.get_by_text(re.compile(r"Your API key is read-only, so it cannot change who answers"))
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aldona Petrauskaitė")
    # Now known read-only: no attach form, edit and delete shown as unavailable.
    expect(page.get_by_text("Not available: your API key is read-only.")).to_be_visible()
    expect(page.get_by_role("button", name="Edit")).to_be_disabled()

    # Creating is no longer offered.
    page.goto("/operators/new/")
    expect(page.get_by_text(re.compile(r"^Your API key is read-only"))).to_be_visible()
    expect(page.get_by_label("Name")).to_have_count(0)

    # The switches are disabled, with the reason.
    page.goto("/operators/")
    expect(page.get_by_role("switch", name="Active: Greta Hall")).to_be_disabled()
    expect(
        page.get_by_text(re.compile(r"Your API key is read-only: it does not have write"))
    ).to_be_visible()


def test_a_read_only_key_toggling_inline_gets_an_alert_and_creating_keeps_the_input(
    page, user, sandbox
):
    sign_in_with(page, user, sandbox["read_only"])

    # Before IdentityCall has said the key is read-only, the switch is live: it answers an alert.
    page.goto("/operators/")
    page.get_by_role("switch", name="Active: Greta Hall").click()
    alert = page.locator("#alerts").get_by_role("alert")
    expect(alert).to_contain_text("Your API key is read-only")
    expect(alert).to_contain_text("The operator was not changed.")
    expect(page.get_by_role("switch", name="Active: Greta Hall")).to_have_attribute(
        "aria-checked", "true"
    )

    # After a reload the switches are disabled, with the reason.
    page.reload()
    expect(page.get_by_role("switch", name="Active: Greta Hall")).to_be_disabled()
    expect(page.get_by_role("button", name="New operator")).to_be_disabled()


def test_a_read_only_key_creating_an_operator_keeps_the_input(page, user, sandbox):
    sign_in_with(page, user, sandbox["read_only"])
    page.goto("/operators/new/")
    page.get_by_label("Name").fill("Nope")
    page.get_by_label("Phone number").fill("(212) 555-0111")
    page.get_by_role("button", name="Create operator").click()
    expect(page.get_by_text(re.compile(r"^Your API key is read-only"))).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Nope")
    expect(page.get_by_label("Phone number")).to_have_value("(212) 555-0111")
