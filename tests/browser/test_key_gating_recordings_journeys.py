"""Chromium, with the sandbox's read-only key saved through the key page (the console learns what
it may do before anything is tried): the recordings screens offer no upload, rename, retry or
delete, and say why once, before any form is filled; browsing, playing and exporting stay."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.a11y import check_a11y
from tests.browser.conftest import log_in
from tests.browser.test_key_gating_numbers_operators_projects_journeys import save_key

pytestmark = pytest.mark.django_db(transaction=True)
READ_ONLY = re.compile(r"read-only")


def first_recording(live_server, key):
    reply = requests.get(f"{live_server.url}/sandbox/api/v1/public/recordings",
                         params={"status": "completed"},
                         headers={"Authorization": f"Bearer {key}"}, timeout=10)
    reply.raise_for_status()
    return reply.json()["data"][0]["public_id"]


def test_a_read_only_key_is_offered_no_write_on_the_recordings_screens(
    page, user, sandbox, live_server
):
    key = sandbox["read_only"]
    log_in(page)
    save_key(page, key)

    page.goto("/recordings/")
    expect(page.get_by_role("button", name="Upload recordings")).to_be_disabled()
    expect(page.locator("#recordings-key-why")).to_have_text(READ_ONLY)
    expect(page.locator("#recordings-key-why")).to_contain_text("Deleting is not offered")
    first = page.locator("#recordings-table tbody tr").first
    expect(first.locator(".recording-name__edit")).to_have_count(0)
    first.locator(".row-menu__toggle").click()
    expect(first.locator(".row-menu__item")).to_have_text(["Open"])  # no Rename, no Delete…
    first.locator("[data-select-row]").check()
    expect(page.locator("#recordings-selection")).to_contain_text("1 selected")
    expect(page.get_by_role("button", name="Delete selected…")).to_have_count(0)
    expect(page.get_by_role("button", name="Export selected (CSV)")).to_be_visible()
    check_a11y(page, "the recordings list with a read-only key")

    page.goto(f"/recordings/{first_recording(live_server, key)}/")
    expect(page.locator("#recording-key-why")).to_have_text(READ_ONLY)
    expect(page.get_by_role("button", name="Delete…")).to_be_disabled()
    expect(page.get_by_role("link", name="Upload to this project")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Edit name"))).to_have_count(0)

    page.goto("/recordings/upload/")
    expect(page.locator("#upload-key-why")).to_have_text(READ_ONLY)
    expect(page.get_by_role("button", name="Upload")).to_have_count(0)
    expect(page.get_by_label("Audio files")).to_have_count(0)  # nothing to fill in
