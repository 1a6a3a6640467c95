"""One speaker mapping everywhere, in Chromium: a speaker renamed on a recording is found by that
name in the transcript search (in the page, without a request) and shown in the list's Speakers."""

import re

import pytest
from playwright.sync_api import expect

from apps.sandbox.models import Recording as SandboxRecording
from tests.browser.a11y import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_renamed_speaker_is_found_by_search_and_named_in_the_list(signed_in, sandbox):
    page = signed_in
    row = (SandboxRecording.objects.filter(fails=False, status_override__isnull=True,
                                           duration_ms__lte=6 * 60_000).order_by("id").first())
    page.goto(f"/recordings/{row.public_id}/")
    page.locator("#speakers").get_by_role("link", name="Rename speakers").click()
    page.get_by_label(re.compile(r"^Speaker 1")).fill("Marcus Quill")
    page.get_by_role("button", name="Save names").click()
    expect(page.get_by_text("Saved the names of 1 speaker.")).to_be_visible()
    lines = page.locator("[data-transcript] .line__speaker", has_text="Marcus Quill").count()
    assert lines > 0

    page.get_by_label("Search the transcript").fill("quill")
    page.get_by_role("button", name="Search").click()  # in the page: recording-detail.js
    expect(page.locator("[data-search-count]")).to_have_text(
        re.compile(rf"^1 of {lines} match(es)? for “quill”$"))
    expect(page.locator(".line__speaker mark").first).to_have_text("Quill")
    check_a11y(page, "a transcript search finding a renamed speaker")

    page.goto("/recordings/?status=completed&per_page=100")
    expect(page.locator(f"#recording-row-{row.public_id} .recording-row__speakers")).to_contain_text(
        "Marcus Quill")
