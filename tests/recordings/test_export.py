"""Transcript downloads: TXT, SRT, WebVTT and JSON, exact on a small call, as attachments."""

import json
import re

import pytest

from apps.recordings import exports
from tests.factories import BASE
from tests.recordings.analysis_factories import (
    as_recording,
    as_transcription,
    dialogue_json,
    summary_json,
    transcription_json,
)
from tests.recordings.conftest import recording_json

REF = "018f3a00-0000-7000-8000-000000001001"
NOT_FOUND = "There is nothing at this address. It may have been deleted, or the link is mistyped."


def is_recording_not_found(response):
    """The recording's own not-found page (as its detail page answers), not the generic one."""
    page = response.content.decode()
    return response.status_code == 404 and re.search(r"<h1[^>]*>Recording not found</h1>", page) is not None and (
        "It may have been deleted, or your API key cannot see it." in page
        and 'href="/recordings/"' in page)


def is_not_found_page(response):
    names = [template.name for template in response.templates]
    return response.status_code == 404 and "404.html" in names and (
        NOT_FOUND in response.content.decode())


def fake_recording(upstream, *, transcription=None, answer=200, **fields):
    upstream.get(f"{BASE}/recordings/{REF}",
                 json={"data": recording_json(id=1001, public_id=REF, **fields)})
    body = {"data": transcription or transcription_json()} if answer == 200 else {
        "error": "Transcription not available"}
    upstream.get(f"{BASE}/recordings/{REF}/transcription", json=body, status=answer)
    # The summary names speakers too (apps/recordings/speakers.py): exports read it like the page.
    summary = {"data": summary_json()} if answer == 200 else {
        "error": "Transcription not available"}
    upstream.get(f"{BASE}/recordings/{REF}/summary", json=summary, status=answer)


# --- the formats ---------------------------------------------------------------------------------


def test_text_export_is_one_timestamped_line_per_turn():
    text = exports.to_txt(as_recording(), as_transcription())

    assert text == (
        "[0:00] Ada Agent: Thank you for calling, this is Ada.\n"
        "[0:05] Speaker 2: Hi, my card was charged twice.\n"
        "[1:02] Ada Agent: Let me refund the second charge.\n"
    )


def test_srt_export_numbers_cues_with_comma_milliseconds():
    text = exports.to_srt(as_recording(), as_transcription())

    assert text == (
        "1\n00:00:00,000 --> 00:00:04,500\nAda Agent: Thank you for calling, this is Ada.\n"
        "\n"
        "2\n00:00:05,000 --> 00:00:09,250\nSpeaker 2: Hi, my card was charged twice.\n"
        "\n"
        "3\n00:01:02,345 --> 00:01:05,000\nAda Agent: Let me refund the second charge.\n"
    )


def test_vtt_export_carries_the_speaker_as_a_voice_tag():
    text = exports.to_vtt(as_recording(), as_transcription())

    assert text == (
        "WEBVTT\n"
        "\n"
        "00:00:00.000 --> 00:00:04.500\n<v Ada Agent>Thank you for calling, this is Ada.\n"
        "\n"
        "00:00:05.000 --> 00:00:09.250\n<v Speaker 2>Hi, my card was charged twice.\n"
        "\n"
        "00:01:02.345 --> 00:01:05.000\n<v Ada Agent>Let me refund the second charge.\n"
    )


@pytest.mark.parametrize(("ms", "srt", "vtt"), [
    (0, "00:00:00,000", "00:00:00.000"),
    (62_345, "00:01:02,345", "00:01:02.345"),
    (3_723_004, "01:02:03,004", "01:02:03.004"),
    (36_000_000, "10:00:00,000", "10:00:00.000"),
])
def test_subtitle_timestamps_have_hours_minutes_seconds_and_milliseconds(ms, srt, vtt):
    assert exports.srt_time(ms) == srt
    assert exports.vtt_time(ms) == vtt


def test_text_timestamps_gain_hours_past_the_first_hour():
    transcription = as_transcription([dialogue_json(1, 3_723_004, 3_725_000, "Still there?")])

    assert exports.to_txt(as_recording(), transcription) == "[1:02:03] Speaker 1: Still there?\n"


def test_vtt_escapes_markup_in_names_and_text_and_keeps_cues_on_one_line():
    transcription = as_transcription([
        dialogue_json(1, 0, 1_000, "a < b & c --> d\n\nnew paragraph", speaker="<Boss> & Co"),
    ])

    text = exports.to_vtt(as_recording(), transcription)

    assert text.endswith("<v &lt;Boss&gt; &amp; Co>a &lt; b &amp; c --&gt; d new paragraph\n")
    srt = exports.to_srt(as_recording(), transcription)
    assert "\n\n" not in srt.strip()


def test_json_export_has_recording_metadata_speakers_and_dialogues():
    recording = as_recording(id=1001, public_id=REF, name="Refund call", external_id="crm-1")

    document = json.loads(exports.to_json(recording, as_transcription()))

    assert document["recording"] == {
        "id": 1001, "public_id": REF, "external_id": "crm-1", "project_id": 1,
        "name": "Refund call", "status": "completed", "language": "en", "duration_ms": 185_000,
        "created_at": "2026-04-15T10:00:00+00:00",
    }
    assert document["speakers"] == [
        {"name": "Ada Agent", "turns": 2, "talk_time_ms": 7_155, "label": "Speaker 1",
         "voice_profile_name": "Ada Agent", "role": None, "named_by": "voice profile"},
        {"name": "Speaker 2", "turns": 1, "talk_time_ms": 4_250, "label": "Speaker 2",
         "voice_profile_name": None, "role": None, "named_by": "label"},
    ]
    first = document["dialogues"][0]
    assert first["speaker"] == "Ada Agent"
    assert first["speaker_label"] == "Speaker 1"
    assert (first["start_ms"], first["end_ms"]) == (0, 4_500)
    assert first["text"] == "Thank you for calling, this is Ada."
    assert first["dominant_emotion"] == "happy"
    assert set(first["emotion"]) == {"happy", "neutral", "calm", "sad", "angry", "fearful",
                                     "surprised", "disgust"}


@pytest.mark.parametrize(("name", "expected"), [
    ("Refund call", "Refund-call"),
    ("Aldona Petrauskaitė / 2026-04-15", "Aldona-Petrauskaite-2026-04-15"),
    ('"; rm -rf / #.mp3', "rm-rf-.mp3"),
    ("../../etc/passwd", "etc-passwd"),
    ("通话", "recording"),
    ("", "recording"),
    (None, "recording"),
])
def test_file_names_are_plain_ascii_without_path_or_quote_characters(name, expected):
    assert exports.safe_filename(name) == expected


# --- the view ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "content_type"), [
    ("txt", "text/plain; charset=utf-8"),
    ("srt", "application/x-subrip; charset=utf-8"),
    ("vtt", "text/vtt; charset=utf-8"),
    ("json", "application/json"),
])
def test_each_export_downloads_as_an_attachment_named_after_the_recording(
    keyed, upstream, fmt, content_type
):
    fake_recording(upstream, name="Refund call: Ada & Jonas")

    response = keyed.get(f"/recordings/{REF}/export.{fmt}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="Refund-call-Ada-Jonas.{fmt}"'
    )
    assert "Ada Agent" in response.content.decode()
    paths = sorted(call.request.path_url for call in upstream.calls)
    assert paths == [
        f"/api/v1/public/recordings/{REF}", f"/api/v1/public/recordings/{REF}/summary",
        f"/api/v1/public/recordings/{REF}/transcription",
    ]


def test_an_unknown_export_format_is_not_found_without_asking_identitycall(keyed, upstream):
    response = keyed.get(f"/recordings/{REF}/export.pdf")

    assert is_not_found_page(response)
    assert len(upstream.calls) == 0


def test_a_malformed_recording_id_is_not_found_without_asking_identitycall(keyed, upstream):
    response = keyed.get("/recordings/..%2Fprojects/export.txt")

    assert is_not_found_page(response)
    assert len(upstream.calls) == 0


def test_exporting_before_processing_completes_returns_to_the_page_with_a_note(keyed, upstream):
    fake_recording(upstream, answer=422, status="processing")

    response = keyed.get(f"/recordings/{REF}/export.txt", follow=False)

    assert response.status_code == 302
    assert response["Location"] == f"/recordings/{REF}/"
    note = [str(m) for m in response.wsgi_request._messages]
    assert note == ["The transcript will be ready when processing completes. Export it then."]
    # The page it returns to (its results are not ready either) shows the note.
    upstream.get(f"{BASE}/recordings/{REF}/results", json={"error": "Results not available"},
                 status=422)
    upstream.get(f"{BASE}/projects", json={"data": []})
    page = keyed.get(response["Location"]).content.decode()
    assert re.findall(r'<p class="alert__text">(.*?)</p>', page) == note


def test_exporting_a_recording_the_key_cannot_see_is_not_found(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}", json={"error": "Resource not found"}, status=404)
    for part in ("transcription", "summary"):  # the summary names the speakers
        upstream.get(f"{BASE}/recordings/{REF}/{part}", json={"error": "Resource not found"},
                     status=404)

    response = keyed.get(f"/recordings/{REF}/export.json")

    assert is_recording_not_found(response)
