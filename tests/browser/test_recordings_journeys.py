"""Journeys through the recordings list and upload in Chromium, against the sandbox over HTTP."""

import re
import struct

import pytest
from playwright.sync_api import expect

from apps.sandbox.models import Fault
from apps.sandbox.models import Recording as SandboxRecording

pytestmark = pytest.mark.django_db(transaction=True)


def small_wav(seconds=2, rate=8000, salt=b""):
    """Return a valid mono 16-bit PCM WAV file of silence (salt makes distinct contents)."""
    frames = b"\x00\x00" * rate * seconds + salt
    header = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(frames)) + frames


def rows(page):
    return page.locator("#recordings-table tbody tr")


def watch_upload_states(page):
    """Record every text an upload row's state line shows, so passing states can be checked."""
    page.evaluate(
        """() => {
          window.uploadStates = [];
          new MutationObserver(() => {
            document.querySelectorAll('.upload-row__state').forEach((node) => {
              const text = node.textContent;
              if (window.uploadStates[window.uploadStates.length - 1] !== text) {
                window.uploadStates.push(text);
              }
            });
          }).observe(document.body, {subtree: true, childList: true, characterData: true});
        }"""
    )


def test_browse_filter_and_paginate_with_the_url_and_back_button_following(signed_in):
    page = signed_in
    page.goto("/recordings/")
    expect(rows(page)).to_have_count(20)
    expect(page.get_by_text("Page 1 of 5")).to_be_visible()

    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(page.get_by_text("Page 2 of 5")).to_be_visible()

    page.get_by_label("Status").select_option("completed")
    expect(page).to_have_url(re.compile(r"status=completed"))
    expect(page).not_to_have_url(re.compile(r"[?&]page=2"))
    for badge in page.locator("#recordings-table tbody .badge").all():
        expect(badge).to_have_text("Completed")

    page.get_by_label("Project").select_option(label="Sales LT")
    expect(page).to_have_url(re.compile(r"project=\d+"))
    expect(rows(page).first).to_be_visible()
    for cell in page.locator('#recordings-table tbody td[data-label="Project"]').all():
        expect(cell).to_have_text("Sales LT")

    page.get_by_label("Per page").select_option("10")
    expect(page).to_have_url(re.compile(r"per_page=10"))
    assert rows(page).count() <= 10

    page.go_back()
    expect(page).to_have_url(re.compile(r"project=\d+"))
    expect(page).not_to_have_url(re.compile(r"per_page=10"))
    expect(page.get_by_label("Per page")).to_have_value("20")
    expect(page.get_by_label("Project")).not_to_have_value("")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"project=\d"))
    expect(page.get_by_label("Status")).to_have_value("completed")
    expect(page.get_by_label("Project")).to_have_value("")

    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(page.get_by_text("Page 2 of 5")).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("")


def test_unfinished_rows_update_themselves_until_they_are_done(signed_in, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 6
    # The demo data keeps a few recordings pending for ever; let them finish so that ours is the
    # only unfinished row and the list can be seen to stop polling.
    SandboxRecording.objects.update(status_override=None)
    page = signed_in
    page.goto("/recordings/upload/")
    page.get_by_label("Project").select_option(label="Onboarding")
    page.get_by_label("Name").fill("Live row journey")
    page.get_by_label("Audio files").set_input_files(
        [{"name": "live.wav", "mimeType": "audio/wav", "buffer": small_wav(salt=b"live")}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#upload-queue")).to_contain_text("Uploaded.")

    page.goto("/recordings/")
    row = rows(page).filter(has_text="Live row journey")
    expect(row.locator(".badge")).to_have_text(re.compile("Pending|Processing"))
    expect(page.get_by_text("this page updates every 5 seconds")).to_be_visible()

    expect(row.locator(".badge")).to_have_text("Completed", timeout=20_000)
    expect(page.locator("#recordings-poller")).to_have_count(0)  # polling has stopped


def test_upload_shows_progress_rejects_a_bad_file_and_spots_a_duplicate(signed_in):
    # Slow the sandbox's answer to uploads so the "sending to IdentityCall" state can be seen.
    Fault.objects.create(route="/recordings", method="POST", latency_ms=1500)
    page = signed_in
    page.goto("/recordings/upload/")

    page.get_by_label("Project").select_option(label="Sales LT")
    expect(page.get_by_label("Language")).to_have_value("lt")  # follows the project
    page.get_by_label("Project").select_option(label="Customer Support EN")
    expect(page.get_by_label("Language")).to_have_value("en")

    wav = small_wav(seconds=30, salt=b"journey")  # about 480 KB
    files = [
        {"name": "call.wav", "mimeType": "audio/wav", "buffer": wav},
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not audio"},
    ]
    page.get_by_label("Audio files").set_input_files(files)
    expect(page.get_by_text("notes.txt is not an audio file IdentityCall accepts")).to_be_visible()
    expect(page.get_by_text(re.compile(r"call\.wav \(\d+ KB\) is ready to send"))).to_be_visible()

    watch_upload_states(page)
    page.get_by_role("button", name="Upload").click()

    queue = page.locator("#upload-queue")
    rejected = queue.locator(".upload-row").filter(has_text="notes.txt")
    expect(rejected).to_contain_text("Not sent. notes.txt is not an audio file")
    accepted = queue.locator(".upload-row").filter(has_text="call.wav").first
    expect(accepted.get_by_text("Sending to IdentityCall…")).to_be_visible()
    expect(accepted.get_by_role("progressbar")).to_be_visible()
    expect(accepted).to_contain_text("Uploaded.", timeout=15_000)
    link = accepted.get_by_role("link", name=re.compile("^open “"))
    expect(link).to_have_attribute("href", re.compile(r"^/recordings/[^/]+/$"))
    states = page.evaluate("window.uploadStates")
    assert any(re.fullmatch(r"Uploading… \d+ %", state) for state in states), states
    assert "Sending to IdentityCall…" in states
    expect(page.get_by_text("Done: 1 uploaded, 1 not uploaded.")).to_be_visible()

    # The same file again: IdentityCall answers with the stored recording, not a new one.
    page.get_by_label("Audio files").set_input_files([files[0]])
    page.get_by_role("button", name="Upload").click()
    again = queue.locator(".upload-row").nth(2)
    expect(again).to_contain_text("Already uploaded.", timeout=15_000)
    expect(again.get_by_role("link", name=re.compile("^open “"))).to_have_attribute(
        "href", link.get_attribute("href")
    )
    expect(page.get_by_text("Done: 1 already uploaded.")).to_be_visible()


def test_html_and_template_syntax_in_a_name_is_shown_as_text(signed_in):
    page = signed_in
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    hostile = "<script>alert(1)</script>{{ x }}"
    page.goto("/recordings/upload/")
    page.get_by_label("Project").select_option(label="Claims DE")
    page.get_by_label("Name").fill(hostile)
    page.get_by_label("Audio files").set_input_files(
        [{"name": "hostile.wav", "mimeType": "audio/wav", "buffer": small_wav(salt=b"hostile")}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name=f"open “{hostile}”")).to_be_visible()

    page.goto("/recordings/")
    expect(page.get_by_role("link", name=hostile, exact=True)).to_be_visible()
    expect(page.locator("#recordings-table script")).to_have_count(0)


def test_rename_a_recording_inline_from_the_list(signed_in):
    page = signed_in
    page.goto("/recordings/")
    first = rows(page).first
    old_name = first.locator(".recording-name__text").inner_text()

    first.get_by_role("link", name=f"Edit name of {old_name}").click()
    field = first.get_by_label("New name")
    expect(field).to_be_focused()
    expect(field).to_have_value(old_name)

    field.fill("")
    first.get_by_role("button", name="Save name").click()
    expect(field).to_have_value("")  # the browser refuses an empty name; nothing was lost

    field.fill("Renamed by a journey – Ąžuolas")
    first.get_by_role("button", name="Save name").click()
    expect(first.get_by_role("link", name="Renamed by a journey – Ąžuolas", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/recordings/$"))  # no reload, no navigation

    page.reload()
    expect(rows(page).first.get_by_role("link", name="Renamed by a journey – Ąžuolas", exact=True)).to_be_visible()


def test_cancel_an_inline_rename(signed_in):
    page = signed_in
    page.goto("/recordings/")
    first = rows(page).first
    old_name = first.locator(".recording-name__text").inner_text()
    first.get_by_role("link", name="Edit name").click()
    first.get_by_label("New name").fill("Not saved")
    first.get_by_role("link", name="Cancel").click()
    expect(first.get_by_role("link", name=old_name, exact=True)).to_be_visible()


def test_delete_a_recording_from_the_list(signed_in):
    page = signed_in
    page.goto("/recordings/")
    expect(page.get_by_text("100 recordings")).to_be_visible()
    first = rows(page).first
    name = first.locator(".recording-name__text").inner_text()

    first.locator(".row-menu__toggle").click()  # the row's menu holds Delete
    first.get_by_role("link", name=f"Delete {name}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=f"Delete “{name}”?")).to_be_visible()
    expect(dialog).to_contain_text("its transcript")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()  # Enter does not delete
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(rows(page).first).to_contain_text(name)

    first.get_by_role("link", name=f"Delete {name}").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete recording").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("alert").filter(has_text=f"“{name}” was deleted.")).to_be_visible()
    expect(page.locator("#recordings-table").get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_text("99 recordings")).to_be_visible()  # the table refreshed itself
    expect(rows(page)).to_have_count(20)

    page.reload()
    expect(page.locator("#recordings-table").get_by_role("link", name=name, exact=True)).to_have_count(0)
