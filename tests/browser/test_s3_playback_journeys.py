"""Chromium plays and seeks kept audio held on S3-compatible storage (moto's server): uploaded
through the page, kept in the bucket, every byte fetched by the player through the console's
permission-checked view with Range requests, never from the store itself."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_recordings_journeys import small_wav
from tests.s3_server import s3_server, s3_storage  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_upload_kept_in_the_bucket_plays_and_seeks_through_the_console(signed_in, s3_storage):
    page = signed_in
    answers = []
    page.on("response", lambda response: answers.append(
        (response.url, response.status, response.request.headers.get("range")))
        if "/audio" in response.url else None)
    page.goto("/recordings/upload/")
    page.get_by_label("Project").select_option(label="Onboarding")
    page.get_by_label("Name").fill("Kept in the bucket")
    page.get_by_label("Audio files").set_input_files(
        [{"name": "bucket.wav", "mimeType": "audio/wav", "buffer": small_wav(300, salt=b"s3")}]
    )
    page.get_by_role("button", name="Upload").click()
    queue = page.locator("#upload-queue")
    expect(queue).to_contain_text("Uploaded.", timeout=15_000)
    assert [key for key in s3_storage.keys() if key.startswith("console/audio/")]

    queue.get_by_role("link", name=re.compile("^open “")).click()
    page.wait_for_function("() => document.getElementById('player').duration > 299")
    page.evaluate("() => { document.getElementById('player').currentTime = 290; }")
    page.wait_for_function(
        "() => { const player = document.getElementById('player');"
        " return !player.seeking && player.readyState >= 2 && player.currentTime >= 290; }"
    )

    assert answers, "the player asked for no audio"
    origin = page.url.split("/recordings/")[0]
    assert {url.split("/recordings/")[0] for url, _, _ in answers} == {origin}  # the console
    assert all(status in (200, 206) for _, status, _ in answers), answers
    # The seek near the end of a 4.8 MB file asked for a range starting there.
    assert any(status == 206 and header and header != "bytes=0-" for _, status, header in answers), \
        answers
