"""Journeys through a recording's page in Chromium, against the sandbox over HTTP."""

import hashlib
import io
import math
import re
import struct
import wave

import pytest
import requests
from playwright.sync_api import expect

from apps.identitycall.resources import Recording
from apps.recordings.ingest.storage import keep_copy

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE_NAME = "<b>Journey</b> {{ x }} call"


def tone_wav(seconds=10, rate=8000):
    """Return a mono 16-bit WAV whose pitch rises every two seconds (audible, seekable)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"".join(
            struct.pack("<h", int(6000 * math.sin(2 * math.pi * (330 + 110 * (n // (2 * rate)))
                                                  * n / rate)))
            for n in range(seconds * rate)
        ))
    return buffer.getvalue()


def upload_with_copy(live_server, key, user, tmp_path, name=HOSTILE_NAME):
    """Upload a tone to the sandbox as the console does and keep its copy; return the ref."""
    api = f"{live_server.url}/sandbox/api/v1/public"
    headers = {"Authorization": f"Bearer {key}"}
    project = requests.get(f"{api}/projects", headers=headers, timeout=10).json()["data"][0]["id"]
    audio = tone_wav()
    answer = requests.post(
        f"{api}/recordings", headers=headers, timeout=10,
        files={"file": ("tone.wav", audio, "audio/wav")},
        data={"project_id": project, "name": name, "language": "en"},
    )
    assert answer.status_code == 201, answer.text
    recording = Recording.from_api(answer.json()["data"])
    path = tmp_path / "tone.wav"
    path.write_bytes(audio)
    keep_copy(recording=recording, path=str(path), original_name="tone.wav",
              sha256=hashlib.sha256(audio).hexdigest(), user=user)
    return recording.ref


def seeded_completed_ref(live_server, key, min_ms=180_000):
    """Return the ref of a seeded completed call of a few minutes (a few dozen dialogues)."""
    api = f"{live_server.url}/sandbox/api/v1/public"
    headers = {"Authorization": f"Bearer {key}"}
    page = requests.get(f"{api}/recordings", params={"status": "completed", "per_page": 100},
                        headers=headers, timeout=10).json()["data"]
    return next(item["public_id"] for item in page
                if min_ms <= (item.get("duration_ms") or 0) <= 20 * 60_000)


def test_a_recording_goes_from_pending_to_completed_and_all_four_panels_appear_in_place(
    signed_in, sandbox, live_server, user, tmp_path, settings
):
    page = signed_in
    settings.SANDBOX_PROCESSING_SECONDS = 6
    ref = upload_with_copy(live_server, sandbox["full"], user, tmp_path)

    page.goto(f"/recordings/{ref}/")
    status = page.locator("#status-region .badge")
    expect(status).to_have_text(re.compile("Pending|Processing"))
    expect(page.get_by_text("This page updates by itself.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(HOSTILE_NAME)
    page.evaluate("window.stillTheSamePage = true")

    expect(page.get_by_role("heading", name="Summary", exact=True)).to_be_visible(timeout=20_000)
    expect(status).to_have_text("Completed")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened

    summary = page.locator("#summary")
    expect(summary.locator(".summary__text")).not_to_be_empty()
    expect(summary.get_by_text("Goal achievement")).to_be_visible()
    results = page.locator("#results")
    expect(results.get_by_role("heading", name="Goals")).to_be_visible()
    expect(results.get_by_role("heading", name="Pauses")).to_be_visible()
    assert results.locator("tbody tr").count() >= 1
    charts = page.locator("#charts")
    # Who spoke when is the timeline under the player.
    expect(page.locator("#timeline").get_by_role("group", name="Timeline")).to_be_visible()
    expect(charts.get_by_role("img", name="Talk time per speaker")).to_be_visible()
    expect(charts.get_by_role("img", name="Emotion over time, per speaker")).to_be_visible()
    lines = page.locator("[data-transcript] .line")
    assert lines.count() >= 4
    expect(lines.first.locator(".line__speaker")).not_to_be_empty()
    expect(page.get_by_role("link", name="WebVTT subtitles")).to_be_visible()
    # The facts refreshed with the analysis, out of band.
    expect(page.locator("#meta")).not_to_contain_text("Not available until processing completes")
    expect(page.get_by_role("heading", level=1)).to_contain_text(HOSTILE_NAME)


def test_clicking_a_transcript_line_seeks_the_audio_and_the_line_follows_it(
    signed_in, sandbox, live_server, user, tmp_path, settings
):
    page = signed_in
    settings.SANDBOX_PROCESSING_SECONDS = 0
    ref = upload_with_copy(live_server, sandbox["full"], user, tmp_path, name="Tone call")
    audio_answers = []
    page.on("response",
            lambda r: audio_answers.append(r.status) if r.url.endswith("/audio") else None)

    page.goto(f"/recordings/{ref}/")
    follow = page.get_by_label("Auto-scroll the transcript with the audio")
    expect(follow).to_be_checked()
    line = page.locator("[data-transcript] .line").nth(2)
    start_ms = int(line.get_attribute("data-start"))

    line.locator(".line__time").click()

    page.wait_for_function(
        "ms => Math.abs(document.getElementById('player').currentTime * 1000 - ms) < 1500",
        arg=start_ms,
    )
    expect(line).to_have_attribute("aria-current", "true")
    expect(page).to_have_url(re.compile(rf"\?t={start_ms // 1000}#t-{start_ms // 1000}$"))
    assert 206 in audio_answers

    follow.uncheck()
    page.reload()
    expect(page.get_by_label("Auto-scroll the transcript with the audio")).not_to_be_checked()


def test_a_deep_link_marks_its_line_cues_the_audio_and_scrolls_to_it(
    signed_in, sandbox, live_server, user, tmp_path, settings
):
    page = signed_in
    settings.SANDBOX_PROCESSING_SECONDS = 0
    long_ref = seeded_completed_ref(live_server, sandbox["full"])
    page.goto(f"/recordings/{long_ref}/")
    far_line = page.locator("[data-transcript] .line").nth(18)
    second = int(far_line.get_attribute("data-start")) // 1000

    page.goto(f"/recordings/{long_ref}/?t={second}")

    target = page.locator("[data-transcript] .line--target")
    expect(target).to_have_count(1)
    expect(target.locator(".line__time")).to_have_attribute("href", f"?t={second}#t-{second}")
    expect(target).to_be_in_viewport()

    ref = upload_with_copy(live_server, sandbox["full"], user, tmp_path, name="Tone call")
    page.goto(f"/recordings/{ref}/")
    moment = int(page.locator("[data-transcript] .line").nth(3).get_attribute("data-start"))
    page.goto(f"/recordings/{ref}/?t={moment // 1000}#t-{moment // 1000}")
    page.wait_for_function(
        "ms => Math.abs(document.getElementById('player').currentTime * 1000 - ms) < 50",
        arg=moment,
    )


def test_searching_the_transcript_moves_between_marked_matches_without_requests(
    signed_in, sandbox, live_server
):
    page = signed_in
    page.goto(f"/recordings/{seeded_completed_ref(live_server, sandbox['full'])}/")
    texts = page.locator("[data-transcript] .line__text").all_text_contents()
    word, total = max(
        ((word, sum(text.lower().count(word) for text in texts)) for word in ("the", "you", "is")),
        key=lambda pair: pair[1],
    )
    assert total >= 3
    requests_after_load = []
    page.on("request", lambda r: requests_after_load.append(r.url))

    page.get_by_label("Search the transcript").fill(word.upper())
    page.get_by_role("button", name="Search", exact=True).click()

    count = page.locator("[data-search-count]")
    expect(count).to_have_text(f"1 of {total} matches for “{word.upper()}”")
    expect(page.locator("[data-transcript] mark")).to_have_count(total)
    current = page.locator("[data-transcript] mark.is-current")
    expect(current).to_have_count(1)
    expect(current).to_be_in_viewport()

    page.get_by_role("button", name="Next match").click()
    expect(count).to_have_text(f"2 of {total} matches for “{word.upper()}”")
    page.get_by_role("button", name="Previous match").click()
    page.get_by_role("button", name="Previous match").click()
    expect(count).to_have_text(f"{total} of {total} matches for “{word.upper()}”")
    expect(current).to_be_in_viewport()
    expect(page).to_have_url(re.compile(rf"\?q={word.upper()}$"))
    assert requests_after_load == []

    page.reload()  # the URL alone reproduces the search, marked by the server
    expect(page.locator("[data-transcript] mark")).to_have_count(total)
    expect(count).to_have_text(f"1 of {total} matches for “{word.upper()}”")
