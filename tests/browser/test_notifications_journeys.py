"""The bell: recordings uploaded through the console finish in the sandbox after their page is
left; the watch task tells their uploader, and the bell in the header shows it without a reload;
the list says what finished or failed and links to each recording."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.notifications.models import Notification
from apps.recordings.models import RecordingWatch
from apps.recordings.watching import watch_recordings
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


def run_watch_until(count, deadline_seconds=20):
    """Run the watch task (as the worker's schedule would) until `count` notifications exist."""
    deadline = time.monotonic() + deadline_seconds
    while Notification.objects.count() < count:
        assert time.monotonic() < deadline, list(RecordingWatch.objects.values("name", "status"))
        watch_recordings.call()
        time.sleep(0.5)  # the sandbox finishes a recording by its clock


def test_the_bell_tells_what_finished_and_the_list_links_to_it(signed_in, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 3
    settings.NOTIFICATIONS_POLL_SECONDS = 1  # the header asks for its count every second
    page = signed_in
    ready = upload(page, "weekly-call.wav", b"ready")
    failed = upload(page, "fail-weekly.wav", b"failing")
    assert RecordingWatch.objects.filter(finished_at__isnull=True).count() == 2

    page.goto("/recordings/")  # the upload page is gone; this one knows nothing of them
    bell = page.locator("#notifications-bell")
    expect(bell).to_have_attribute("aria-label", "Notifications, 0 unread")
    expect(bell.locator(".bell-count")).to_have_count(0)

    watch_recordings.call()  # still processing: nobody is told yet
    assert Notification.objects.count() == 0
    run_watch_until(2)

    # No reload: the bell's poll brings the count in.
    expect(bell.locator(".bell-count")).to_have_text("2", timeout=10_000)
    expect(bell).to_have_attribute("aria-label", "Notifications, 2 unread")
    shoot(page, "notifications-bell.png", page.locator(".site-header"))

    bell.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    new = page.locator("section", has=page.get_by_role("heading", name=re.compile("New since")))
    expect(new.locator(".notification")).to_have_count(2)
    expect(new.get_by_role("link", name="“weekly-call.wav” is ready")).to_have_attribute("href", ready)
    expect(new.get_by_role("link", name="“fail-weekly.wav” failed")).to_have_attribute("href", failed)
    expect(new.locator(".badge--failed")).to_have_text("Failed")
    expect(page.locator("#notifications-bell .bell-count")).to_have_count(0)  # seen now
    shoot(page, "notifications-list.png")

    page.get_by_role("link", name="“weekly-call.wav” is ready").click()
    expect(page).to_have_url(re.compile(re.escape(ready) + "$"))
    expect(page.locator("#notifications-bell")).to_have_attribute(
        "aria-label", "Notifications, 0 unread")

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
        page.get_by_label("E-mail address").fill("journey@example.com")
        page.get_by_role("button", name="Save e-mail preference").click()
        expect(page.get_by_text("you will also get an e-mail")).to_be_visible()
        expect(page.get_by_label("E-mail address")).to_have_value("journey@example.com")
    finally:
        context.close()
