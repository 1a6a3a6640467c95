"""Journeys through the numbers screens in Chromium, against the sandbox over HTTP."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_with

pytestmark = pytest.mark.django_db(transaction=True)


def inventory(live_server, country="US", number_type="mobile"):
    """Return the phone numbers the sandbox still has for sale."""
    reply = requests.get(
        f"{live_server.url}/sandbox/control/inventory",
        params={"country": country, "number_type": number_type},
        timeout=10,
    )
    reply.raise_for_status()
    return [entry["phone_number"] for entry in reply.json()["data"]]


def search_us_mobile(page):
    page.goto("/numbers/available/")
    page.get_by_label("Country").select_option("US")
    page.get_by_label("Number type").select_option("mobile")
    page.get_by_role("button", name="Search", exact=True).click()
    # Choosing the country and the type searched already; wait for the last search's answer.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    expect(
        page.get_by_role("status").filter(has_text="mobile numbers in United States")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"country=US&number_type=mobile"))


def offers(page):
    return page.locator("#available-results tr[data-offer]:visible")


def routing_items(page):
    return page.locator("#routing .routing__item")


def test_search_narrow_buy_once_configure_and_route_a_number(signed_in, live_server):
    page = signed_in
    for_sale = inventory(live_server)

    # Search, then narrow to Texas on the page.
    search_us_mobile(page)
    expect(offers(page)).to_have_count(len(for_sale))
    page.get_by_label("Region").select_option("TX")
    expect(page).to_have_url(re.compile(r"region=TX"))
    texan = offers(page)
    # The URL is pushed before the narrowed rows are swapped in: wait for the swap.
    expect(texan).not_to_have_count(len(for_sale))
    assert 0 < texan.count() < len(for_sale)
    for row in texan.all():
        expect(row).to_contain_text("+1 512-")

    # Buy the first Texan number: a double click on the confirm button buys exactly one.
    phone = texan.first.locator(".e164").inner_text()
    texan.first.get_by_role("link", name=re.compile(r"^Buy")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buy +1 512-")
    expect(page.get_by_text("once", exact=True)).to_be_visible()
    page.get_by_label("Display name").fill("Austin Sales")
    page.get_by_role("button", name=re.compile(r"^Buy \+1")).dblclick()
    expect(page).to_have_url(re.compile(r"/numbers/\d+/$"))
    expect(page.get_by_text(re.compile(r"Bought \+1 512-.*Austin Sales"))).to_be_visible()
    number_url = page.url
    left = inventory(live_server)
    assert phone not in left and len(left) == len(for_sale) - 1

    # Going back and sending the confirmation again buys nothing more.
    page.go_back()
    resend = page.get_by_role("button", name=re.compile(r"^Buy \+1"))
    if resend.count():
        resend.click()
    expect(page.get_by_role("heading", name="This number was already bought")).to_be_visible()
    assert len(inventory(live_server)) == len(for_sale) - 1
    page.goto("/numbers/")
    expect(page.locator("tbody tr").filter(has_text=phone)).to_have_count(1)

    # Rename it and switch routing to round robin.
    page.goto(number_url)
    page.get_by_role("link", name="Edit settings").click()
    page.get_by_label("Display name").fill("Austin Support")
    page.get_by_role("radio", name=re.compile("Round robin")).check()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text(re.compile(r"Saved \+1 512-.*: name, routing strategy\."))
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Austin Support")
    expect(page.locator("#routing .routing__strategy")).to_contain_text("Round robin")

    # Attach an existing operator, then a new one by a local phone number.
    expect(routing_items(page)).to_have_count(0)
    existing = page.locator("#id_operator_id option").nth(1)
    existing_name = existing.inner_text().split(" · ")[0]
    page.get_by_label("Operator", exact=True).select_option(index=1)
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.locator("#routing").get_by_text(f"Attached {existing_name}.")).to_be_visible()
    expect(routing_items(page)).to_have_count(1)

    page.get_by_label("Name", exact=True).fill("Greta Hall")
    page.get_by_label("Phone number").fill("(512) 555-0199")
    page.get_by_role("button", name="Add and attach").click()
    expect(page.locator("#routing").get_by_text("Attached Greta Hall.")).to_be_visible()
    expect(routing_items(page)).to_have_count(2)
    expect(routing_items(page).nth(1)).to_contain_text("+1 512-555-0199")
    expect(page).to_have_url(number_url)  # htmx updated the section in place

    # Detach one through the confirmation dialog.
    page.get_by_role("link", name=f"Detach {existing_name}").click()
    dialog = page.get_by_role("dialog", name=f"Detach {existing_name}?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=f"Detach {existing_name}").click()
    expect(page.locator("#routing").get_by_text(f"Detached {existing_name}.")).to_be_visible()
    expect(routing_items(page)).to_have_count(1)
    expect(routing_items(page).first).to_contain_text("Greta Hall")

    # The operators screens see the same routing (the API is the single source of truth).
    page.reload()
    expect(routing_items(page)).to_have_count(1)

    # Deactivate: the warning says what stops, and an explicit yes is needed.
    page.get_by_role("link", name="Edit settings").click()
    warning = page.get_by_text(
        re.compile(r"will no longer reach any operator; calls in progress continue")
    )
    expect(warning).to_be_hidden()
    page.get_by_label("Active (receives calls)").uncheck()
    expect(warning).to_be_visible()
    page.get_by_label(re.compile(r"^Yes, deactivate")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Inactive: calls are not routed")).to_be_visible()


def test_deactivating_without_javascript_confirmation_shows_the_warning_first(signed_in):
    page = signed_in
    page.goto("/numbers/")
    page.locator("tbody tr").filter(has=page.get_by_text("Active", exact=True)).first.locator(
        "a.number-link"
    ).click()
    page.get_by_role("link", name="Edit settings").click()
    page.get_by_label("Active (receives calls)").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Confirm that you want to deactivate this number, or tick Active again.")
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"will no longer reach any operator"))).to_be_visible()


def test_a_read_only_key_is_refused_clearly_and_buys_nothing(page, user, sandbox, live_server):
    sign_in_with(page, user, sandbox["read_only"])
    for_sale = inventory(live_server)

    search_us_mobile(page)
    offers(page).first.get_by_role("link", name=re.compile(r"^Buy")).click()
    page.get_by_label("Display name").fill("Not allowed")
    page.get_by_role("button", name=re.compile(r"^Buy \+1")).click()

    expect(page.get_by_text("Your API key is read-only, so it cannot buy numbers.")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value("Not allowed")
    assert inventory(live_server) == for_sale


def test_a_regulated_country_explains_the_requirement_group(signed_in, live_server):
    page = signed_in
    page.goto("/numbers/available/?country=DE&number_type=mobile")
    offers(page).first.get_by_role("link", name=re.compile(r"^Buy")).click()
    expect(page.get_by_label(re.compile(r"required in Germany"))).to_be_visible()
    page.get_by_label("Display name").fill("Berlin desk")
    page.get_by_role("button", name=re.compile(r"^Buy \+49")).click()

    expect(page.get_by_text("A regulatory requirement group is needed")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value("Berlin desk")
    page.get_by_label(re.compile(r"Regulatory requirement group ID")).fill("1")
    page.get_by_role("button", name=re.compile(r"^Buy \+49")).click()
    expect(page).to_have_url(re.compile(r"/numbers/\d+/$"))
    expect(page.get_by_text(re.compile(r"Bought \+49"))).to_be_visible()
