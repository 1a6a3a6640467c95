"""The bell: recordings uploaded through the console finish in the sandbox after their page is
left; a background worker's watch task tells their uploader, and the bell in the header shows it
without a reload; the list says what finished or failed and links to each recording."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.notifications.models import Notification
from apps.recordings.models import RecordingWatch
from tests.browser.test_recordings_journeys import small_wav

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/notes/shots")


def shoot(page, name, locator=None):
    """Save a screenshot for people to look at (where the notes folder exists)."""
    if SHOTS.is_dir():
        (locator or page).screenshot(path=str(SHOTS / name))


def upload(page, name, salt):
    """Upload one file through the page (relayed while it arrives); return its recording's path."""
    page.goto("/recordings/upload/")
    page.get_by_label("Project").select_option(label="Customer Support EN")
    page.get_by_label("Audio files").set_input_files(
        [{"name": name, "mimeType": "audio/wav", "buffer": small_wav(seconds=2, salt=salt)}])
    page.get_by_role("button", name="Upload").click()
    row = page.locator("#upload-queue .upload-row").filter(has_text=name).first
    link = row.get_by_role("link", name=re.compile("^open “"))
    expect(link).to_be_visible(timeout=15_000)
    return link.get_attribute("href")


def wait_until(condition, seconds=20):
    """Wait for `condition()` (the worker runs on its own clock), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, list(RecordingWatch.objects.values("name", "status"))
        time.sleep(0.2)


def test_the_bell_tells_what_finished_and_the_list_links_to_it(signed_in, settings, worker,
                                                              tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the kept copies stay this test's own
    worker.env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    settings.SANDBOX_PROCESSING_SECONDS = 3600  # processing until the journey lets them finish
    settings.NOTIFICATIONS_POLL_SECONDS = 1  # the header asks for its count every second
    worker.env["WATCH_INTERVAL_SECONDS"] = "1"  # the worker checks the watches every second
    worker.start()
    page = signed_in
    ready = upload(page, "weekly-call.wav", b"ready")
    failed = upload(page, "fail-weekly.wav", b"failing")
    assert RecordingWatch.objects.count() == 2

    page.goto("/recordings/")  # the upload page is gone; this one knows nothing of them
    bell = page.locator("#notifications-bell")
    wait_until(lambda: RecordingWatch.objects.filter(checked_at__isnull=False).count() == 2)
    assert Notification.objects.count() == 0  # the worker looked: still processing, no one told
    expect(bell).to_have_attribute("aria-label", "Notifications, 0 unread")
    expect(bell.locator(".bell-count")).to_have_count(0)

    settings.SANDBOX_PROCESSING_SECONDS = 0  # both finish now ("fail" in a name fails)
    # No reload: the worker's watch task tells the uploader, and the bell's poll brings it in.
    expect(bell.locator(".bell-count")).to_have_text("2", timeout=20_000)
    expect(bell).to_have_attribute("aria-label", "Notifications, 2 unread")
    assert RecordingWatch.objects.filter(finished_at__isnull=True).count() == 0
    shoot(page, "notifications-bell.png", page.locator(".site-header"))

    bell.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    new = page.locator("section", has=page.get_by_role("heading", name=re.compile("New since")))
    expect(new.locator(".notification")).to_have_count(2)
    expect(new.get_by_role("link", name="“weekly-call.wav” is ready")).to_have_attribute(
        "href", ready)
    expect(new.get_by_role("link", name="“fail-weekly.wav” failed")).to_have_attribute(
        "href", failed)
    expect(new.locator(".badge--failed")).to_have_text("Failed")
    expect(page.locator("#notifications-bell .bell-count")).to_have_count(0)  # seen now
    shoot(page, "notifications-list.png")

    page.get_by_role("link", name="“weekly-call.wav” is ready").click()
    expect(page).to_have_url(re.compile(re.escape(ready) + "$"))
    expect(page.locator("#notifications-bell")).to_have_attribute(
        "aria-label", "Notifications, 0 unread")
    assert Notification.objects.count() == 2  # the worker told each once, however often it ran

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the bell stays in reach
    page.goto("/notifications/")
    expect(page.locator("#notifications-bell")).to_be_in_viewport()
    shoot(page, "notifications-list-narrow.png")


def test_the_list_works_without_javascript_and_opting_in_to_email(chromium, live_server, user,
                                                                 sandbox):
    from tests.browser.conftest import sign_in_with

    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_with(page, user, sandbox["full"])
        page.goto("/notifications/")
        expect(page.get_by_text("No notifications yet")).to_be_visible()
        page.get_by_label("E-mail me when a recording I uploaded is ready or has failed").check()
        page.get_by_role("button", name="Save e-mail preference").click()
        expect(page.get_by_text("Enter the address the e-mails should go to.")).to_be_visible()
        expect(page.get_by_label("E-mail address")).to_have_attribute("aria-invalid", "true")
        shoot(page, "notifications-email-error.png")
        page.get_by_label("E-mail address").fill("journey@example.com")
        page.get_by_role("button", name="Save e-mail preference").click()
        expect(page.get_by_text("you will also get an e-mail")).to_be_visible()
        expect(page.get_by_label("E-mail address")).to_have_value("journey@example.com")
    finally:
        context.close()
