"""Moving operators up and down a priority-routed number in Chromium, checked against the order
the sandbox (IdentityCall) itself reports (docs/api-decisions.md, "Reordering routing")."""

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/notes/shots")
SUPPORT_LINE = "+14155550100"  # the seeded "US Support Line", priority routing, four operators


def shoot(page, name):
    """Save a screenshot for people to look at (where the notes folder exists)."""
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), full_page=True)


def upstream(live_server, key, path):
    """Return the `data` of a GET to the sandbox's API with `key` (what IdentityCall answers)."""
    reply = requests.get(
        f"{live_server.url}/sandbox/api/v1/public{path}",
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    reply.raise_for_status()
    return reply.json()["data"]


def support_line(live_server, key):
    (number,) = [
        item
        for item in upstream(live_server, key, "/virtual_numbers")
        if item["phone_number"] == SUPPORT_LINE
    ]
    return number["id"]


def rung_order(live_server, key, number_id):
    """Return the operator names in the order IdentityCall rings them."""
    detail = upstream(live_server, key, f"/virtual_numbers/{number_id}")
    return [op["name"] for op in sorted(detail["operators"], key=lambda op: op["priority"])]


def shown_order(page):
    return [name.strip() for name in page.locator("#routing .routing__who strong").all_inner_texts()]


def test_reordering_three_operators_ends_in_the_order_identitycall_reports(
    signed_in, sandbox, live_server
):
    page, key = signed_in, sandbox["full"]
    number_id = support_line(live_server, key)
    before = rung_order(live_server, key, number_id)
    assert len(before) >= 3
    first, second, third = before[:3]
    page.goto(f"/numbers/{number_id}/")
    assert shown_order(page) == before

    # The third operator to the top (two moves up), then the old first one down a place.
    names = page.locator("#routing .routing__who strong")
    rest = before[3:]
    page.get_by_role("button", name=f"Move {third} up").click()
    expect(names).to_have_text([first, third, second, *rest])
    expect(page.get_by_role("status").filter(has_text="Saved the new order")).to_be_visible()
    page.get_by_role("button", name=f"Move {third} up").click()
    expect(names).to_have_text([third, first, second, *rest])
    page.get_by_role("button", name=f"Move {first} down").click()
    expect(names).to_have_text([third, second, first, *rest])

    wanted = [third, second, first, *before[3:]]
    assert shown_order(page) == wanted
    assert rung_order(live_server, key, number_id) == wanted
    shoot(page, "c-reorder-1440.png")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "c-reorder-390.png")


def test_dragging_an_operator_to_the_top_saves_that_order(signed_in, sandbox, live_server):
    page, key = signed_in, sandbox["full"]
    number_id = support_line(live_server, key)
    before = rung_order(live_server, key, number_id)
    page.goto(f"/numbers/{number_id}/")
    items = page.locator("#routing .routing__item")

    items.nth(2).drag_to(items.nth(0), target_position={"x": 40, "y": 5})

    wanted = [before[2], before[0], before[1], *before[3:]]
    expect(page.locator("#routing .routing__who strong")).to_have_text(wanted)
    expect(page.get_by_role("status").filter(has_text="Saved the new order")).to_be_visible()
    assert rung_order(live_server, key, number_id) == wanted


def test_without_javascript_a_move_answers_a_page_listing_the_steps(
    chromium, live_server, sandbox, user
):
    from tests.browser.conftest import sign_in_with

    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        key = sandbox["full"]
        sign_in_with(page, user, key)
        number_id = support_line(live_server, key)
        before = rung_order(live_server, key, number_id)
        page.goto(f"/numbers/{number_id}/")
        page.get_by_role("button", name=f"Move {before[-1]} up").click()

        expect(page.get_by_role("heading", name="The new order is saved")).to_be_visible()
        expect(page.get_by_text(f"Detached {before[-2]}.")).to_be_visible()
        wanted = [*before[:-2], before[-1], before[-2]]
        result = page.get_by_role("list", name="Operators in the order IdentityCall rings them now")
        assert [t.split("\n")[0].strip() for t in result.locator("strong").all_inner_texts()] == (
            wanted
        )
        assert rung_order(live_server, key, number_id) == wanted
        shoot(page, "c-reorder-result-1440.png")
    finally:
        context.close()
