"""The recordings list as a place to triage, in Chromium: select rows across pages and a filter,
export them as CSV, delete them after a confirmation stating the count (each delete audited); one
line a row at 1440 px, compact cards at 390 px; axe-core clean."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.audit.models import AuditEvent
from apps.sandbox.models import Recording as SandboxRecording
from tests.browser.a11y import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/notes/shots")
BAR = "#recordings-selection"


def shoot(page, name, **options):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), **options)


def names_of(boxes, indexes):
    return [boxes.nth(i).get_attribute("aria-label").removeprefix("Select ") for i in indexes]


def test_select_across_pages_export_and_delete_them(signed_in):
    page = signed_in
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/recordings/?status=completed&per_page=10")
    boxes = page.locator("[data-select-row]")
    chosen = names_of(boxes, [0, 1])
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(page.locator(BAR)).to_contain_text("2 selected")

    # Page 2 (htmx), one more; the filter and the selection both survive the paging.
    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"status=completed.*page=2|page=2.*status=completed"))
    # Page 2's rows are in (none of them chosen yet) before one is read and ticked: under load
    # the address can change before the rows are swapped in.
    expect(boxes.nth(0)).not_to_be_checked()
    chosen += names_of(boxes, [0])
    boxes.nth(0).check()
    expect(page.locator(BAR)).to_contain_text("3 selected (on any page)")
    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Previous").click()
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).to_be_checked()
    expect(page.get_by_label("Status")).to_have_value("completed")

    # One line a row on a wide screen; the row menu opens over the rows.
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('#recordings-table tbody tr'))"
        ".map(r => r.getBoundingClientRect().height)")
    assert max(heights) < 60, heights
    page.locator(".row-menu__toggle").first.click()
    expect(page.locator(".row-menu[open] .row-menu__item", has_text="Delete…")).to_be_visible()
    check_a11y(page, "the recordings list with a selection and a row menu open")
    shoot(page, "a-triage-1440.png")
    page.keyboard.press("Escape")
    page.locator(".row-menu__toggle").first.click()  # closed again

    with page.expect_download() as download:
        page.get_by_role("button", name="Export selected (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert sorted(row["Name"] for row in rows) == sorted(chosen)
    assert {row["Status"] for row in rows} == {"completed"}
    assert all(row["Duration (s)"] and row["Goal achievement (%)"] for row in rows)

    page.get_by_role("button", name="Delete selected…").click()
    expect(page.get_by_role("heading", name="Delete 3 recordings?")).to_be_visible()
    for name in chosen:
        expect(page.locator(".bulk-delete__names")).to_contain_text(name)
    check_a11y(page, "the bulk delete confirmation")
    shoot(page, "a-triage-confirm-1440.png")
    page.get_by_role("button", name="Delete 3 recordings").click()

    expect(page.get_by_text("3 recordings deleted.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"status=completed"))
    expect(page.locator(BAR)).to_contain_text("None selected")
    assert not SandboxRecording.objects.filter(name__in=chosen).exists()
    assert AuditEvent.objects.filter(action="recording.delete", status=204).count() == 3


def test_twenty_rows_stack_as_short_cards_on_a_phone(signed_in):
    page = signed_in
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/recordings/?per_page=20")
    expect(page.locator("#recordings-table tbody tr")).to_have_count(20)

    height = page.evaluate("document.querySelector('.recordings-table').offsetHeight")
    # Before the cards: 6,868 px for these 20 rows (issue 15).
    assert height < 3500, height
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    check_a11y(page, "the recordings list at 390 px")
    shoot(page, "a-triage-390.png", full_page=True)


def test_a_row_plays_the_consoles_copy_in_place(signed_in, settings, tmp_path):
    from tests.browser.test_notifications_journeys import upload

    settings.MEDIA_ROOT = tmp_path / "media"  # the kept copy stays this test's own
    page = signed_in
    path = upload(page, "play-me.wav", b"play-in-place")
    ref = path.strip("/").split("/")[-1]

    page.goto("/recordings/")
    row = page.locator(f"#recording-row-{ref}")
    play = row.get_by_role("button", name="Play play-me.wav")
    expect(play).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".row-play")).to_have_count(1)  # only where the console has the audio
    play.click()
    expect(row.get_by_role("button", name="Pause play-me.wav")).to_have_attribute(
        "aria-pressed", "true")
    expect(page).to_have_url(re.compile(r"/recordings/$"))  # played in place, not opened
    check_a11y(page, "the recordings list with a row playing")
