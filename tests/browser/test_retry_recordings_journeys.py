"""Retrying a failed upload in Chromium: the failed recording's Retry sends the console's kept copy
as a new recording, the new one says what it retries and offers to delete the failed one, which
is deleted (and audited) from there."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.audit.models import AuditEvent
from apps.recordings.models import RetryLink
from apps.sandbox.models import Recording as SandboxRecording
from tests.browser.a11y import check_a11y
from tests.browser.test_notifications_journeys import upload

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/notes/shots")


def shoot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_retry_a_failed_upload_and_reach_the_new_recording(signed_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the kept copies stay this test's own
    settings.SANDBOX_PROCESSING_SECONDS = 0  # uploads finish at once
    page = signed_in
    failed_path = upload(page, "monday-call.wav", b"retry-journey")
    failed_ref = failed_path.strip("/").split("/")[-1]
    # The sandbox fails this one (as IdentityCall may fail any recording); its retry will not.
    SandboxRecording.objects.filter(public_id=failed_ref).update(fails=True)

    page.goto(failed_path)
    expect(page.get_by_role("heading", name="Processing failed")).to_be_visible()
    check_a11y(page, "a failed recording with Retry")
    shoot(page, "a-retry-failed-1440.png")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "a-retry-failed-390.png")
    page.set_viewport_size({"width": 1440, "height": 900})

    page.get_by_role("button", name="Retry", exact=True).click()

    expect(page.get_by_text(re.compile(r"Sent again as “.+”; IdentityCall is processing it"))
           ).to_be_visible()
    new_ref = RetryLink.objects.get().new_ref
    assert new_ref != failed_ref
    expect(page).to_have_url(re.compile(rf"/recordings/{new_ref}/$"))
    retry_of = page.locator("#retry-of")
    expect(retry_of).to_contain_text("Retry of")
    expect(retry_of.get_by_role("link", name="“monday-call.wav”")).to_have_attribute(
        "href", failed_path)
    page.reload()  # processing is over: the new recording completed
    expect(page.locator("#status-region .badge")).to_have_text("Completed")
    check_a11y(page, "the retry of a failed recording")
    shoot(page, "a-retry-new-1440.png")

    # The failed one says what it was retried as.
    page.goto(failed_path)
    expect(page.locator("#retried-as").get_by_role("link")).to_have_attribute(
        "href", f"/recordings/{new_ref}/")

    page.goto(f"/recordings/{new_ref}/")
    page.locator("#retry-of").get_by_role("link", name="Delete the failed recording…").click()
    page.get_by_role("button", name="Delete recording").click()
    expect(page.get_by_text("“monday-call.wav” was deleted.")).to_be_visible()
    assert not SandboxRecording.objects.filter(public_id=failed_ref).exists()
    assert AuditEvent.objects.filter(action="recording.delete", resource_id=failed_ref,
                                     status=204).count() == 1


def test_without_a_kept_copy_the_retry_asks_for_the_file(signed_in, settings, tmp_path):
    from apps.recordings.models import StoredAudio
    from tests.browser.test_recordings_journeys import small_wav

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SANDBOX_PROCESSING_SECONDS = 0
    page = signed_in
    failed_path = upload(page, "tuesday-call.wav", b"no-copy-journey")
    failed_ref = failed_path.strip("/").split("/")[-1]
    SandboxRecording.objects.filter(public_id=failed_ref).update(fails=True)
    StoredAudio.objects.all().delete()  # say, kept past its retention days

    page.goto(failed_path)
    page.get_by_role("link", name="Retry…").click()
    expect(page.get_by_role("heading", name="Retry a failed recording")).to_be_visible()
    expect(page.get_by_label("Project")).to_have_value(
        str(SandboxRecording.objects.get(public_id=failed_ref).project_id))
    check_a11y(page, "the retry page asking for the file")
    shoot(page, "a-retry-page-1440.png")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "a-retry-page-390.png")

    page.get_by_label("Audio file").set_input_files(
        [{"name": "tuesday-call.wav", "mimeType": "audio/wav",
          "buffer": small_wav(seconds=2, salt=b"no-copy-journey")}])
    page.get_by_role("button", name="Send the file").click()

    new_ref = RetryLink.objects.get().new_ref
    expect(page).to_have_url(re.compile(rf"/recordings/{new_ref}/$"))
    expect(page.locator("#retry-of")).to_contain_text("Retry of")
