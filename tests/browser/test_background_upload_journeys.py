"""A batch upload outlives its tab: ten files chosen in Chromium reach the console, the tab is
closed, and a worker process (`manage.py worker`, the `worker` fixture) sends them to the sandbox;
a new tab's recordings page shows each one sent, live, and once the sandbox has processed them
the bell in the header counts the ten that finished (the worker's watch task told their uploader)."""

import hashlib
import re
import struct

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import settled_violations
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

FILES = 10


def small_wav(salt, seconds=1, rate=8000):
    """Return a valid mono 16-bit PCM WAV file of silence (salt makes distinct contents)."""
    frames = b"\x00\x00" * rate * seconds + salt
    header = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(frames)) + frames


def test_ten_files_are_sent_after_the_tab_that_chose_them_is_closed(signed_in, worker, settings):
    from apps.sandbox.models import Recording as SandboxRecording

    settings.SANDBOX_PROCESSING_SECONDS = 3600  # processing until the journey lets them finish
    settings.NOTIFICATIONS_POLL_SECONDS = 1  # the bell asks for its count every second
    worker.env["WATCH_INTERVAL_SECONDS"] = "1"  # the worker checks the watches every second

    page = signed_in
    files = [{"name": f"batch-{n:02}.wav", "mimeType": "audio/wav",
              "buffer": small_wav(f"batch {n}".encode())} for n in range(1, FILES + 1)]
    page.goto("/recordings/upload/")
    page.get_by_label("Project").select_option(label="Onboarding")
    page.get_by_label("Audio files").set_input_files(files)
    page.get_by_role("button", name="Upload").click()

    # Every byte has left the tab: the console holds the ten files, queued.
    expect(page.get_by_text(f"All bytes sent: {FILES} queued.")).to_be_visible(timeout=30_000)
    rows = page.locator("#upload-queue .upload-row")
    expect(rows.filter(has_text="the console will send it; you may close this page")).to_have_count(
        FILES)
    context = page.context
    page.close()
    worker.start()  # only now: nothing was sent while the tab was open

    later = context.new_page()
    later.set_default_timeout(10_000)
    problems = []
    later.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    later.on("console", lambda message: problems.append(message.text)
             if message.type == "error" and "Content Security Policy" in message.text else None)
    later.goto("/recordings/")
    block = later.locator("#queued-uploads")
    expect(block.get_by_role("heading", name="Your uploads in progress")).to_be_visible()
    # The block follows the worker by itself (htmx polling), no reload.
    expect(block.locator(".queued-uploads__summary")).to_contain_text(
        f"{FILES} sent.", timeout=60_000)
    expect(block.locator(".queued-upload--sent")).to_have_count(FILES)
    expect(block.locator(".queued-upload .badge").filter(has_text="Sent")).to_have_count(FILES)
    expect(block).not_to_have_attribute("hx-trigger", re.compile("every"))  # polling stopped
    # The recordings table refreshed itself when they were sent: the new recordings are listed.
    table = later.locator("#recordings-table")
    expect(table.get_by_role("link", name=re.compile(r"^batch-\d\d"))).to_have_count(FILES)

    for file in files:
        external_id = "console-" + hashlib.sha256(file["buffer"]).hexdigest()[:32]
        assert SandboxRecording.objects.filter(external_id=external_id).count() == 1

    # Sent, not finished: the bell has nothing to say until the sandbox has processed them.
    bell = later.locator("#notifications-bell")
    expect(bell).to_have_attribute("aria-label", "Notifications, 0 unread")
    settings.SANDBOX_PROCESSING_SECONDS = 0  # all ten finish now
    expect(bell.locator(".bell-count")).to_have_text(str(FILES), timeout=30_000)
    expect(bell).to_have_attribute("aria-label", f"Notifications, {FILES} unread")
    assert worker.process.poll() is None, worker.output()
    assert problems == []
    assert settled_violations(later) == []


def queued_row(user, status, name, content):
    """A QueuedUpload of `user` staged with `content`, as the queue endpoint leaves one."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from apps.accounts.clients import client_for
    from apps.recordings.models import QueuedUpload
    from apps.sandbox.models import Project

    from apps.recordings.ingest import queue

    project = Project.objects.get(name="Onboarding")
    staged = default_storage.save(f"queued/journey-{name}", ContentFile(content))
    row = QueuedUpload.objects.create(
        user=user, key_fingerprint=client_for(user).fingerprint, original_name=name,
        size=len(content), sha256=hashlib.sha256(content).hexdigest(), staged_name=staged,
        fields={"project": str(project.id), "language": "", "name": "", "external_id": "",
                "batch_size": "2", "filename": name},
        status=status, message="IdentityCall answered with an error." if status == "failed" else "",
    )
    if status == "queued":
        queue.enqueue(row.id)
    return row


def test_a_failed_upload_is_retried_from_the_keyboard_while_the_list_polls(signed_in, user,
                                                                          worker):
    failed = queued_row(user, "failed", "retry-me.wav", small_wav(b"retry"))
    queued_row(user, "queued", "waiting.wav", small_wav(b"waiting"))
    page = signed_in
    page.goto("/recordings/")
    block = page.locator("#queued-uploads")
    expect(block.locator(".queued-uploads__summary")).to_contain_text("1 queued, 1 failed.")

    retry = page.locator(f"#queued-retry-{failed.id}")
    retry.focus()
    with page.expect_response(lambda response: "/recordings/uploads/" in response.url):
        pass  # the block's poll swaps it while the button has focus …
    expect(retry).to_be_focused()  # … and focus stays on it
    page.keyboard.press("Enter")

    said = block.locator(".queued-uploads__said")
    expect(said).to_have_text("retry-me.wav is queued again.")
    expect(said).to_be_focused()
    expect(block.locator(".queued-uploads__summary")).to_contain_text("2 queued.")
    worker.start()
    expect(block.locator(".queued-uploads__summary")).to_contain_text("2 sent.", timeout=30_000)


def test_without_javascript_a_failed_upload_is_dismissed_with_a_plain_form(chromium, live_server,
                                                                           user, sandbox):
    from apps.accounts.models import save_api_key
    from apps.recordings.models import QueuedUpload

    save_api_key(user, sandbox["full"], projects_seen=0)
    failed = queued_row(user, "failed", "broken.wav", small_wav(b"broken"))
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page)
        page.goto("/recordings/")
        block = page.locator("#queued-uploads")
        expect(block).to_contain_text("Not sent. IdentityCall answered with an error.")

        block.get_by_role("button", name="Dismiss broken.wav").click()

        expect(page.get_by_text("broken.wav was removed from your uploads.")).to_be_visible()
        expect(page.locator("#queued-uploads .queued-upload")).to_have_count(0)
        assert not QueuedUpload.objects.filter(pk=failed.pk).exists()
    finally:
        context.close()
