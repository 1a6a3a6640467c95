"""Playback: the console's copy of the audio, with Range support, only for keys that can read it."""

import hashlib

import pytest
from django.core.cache import cache
from django.test import Client
from responses import matchers

from apps.identitycall.resources import Recording
from apps.recordings import ranges
from apps.recordings.ingest.storage import keep_copy
from tests.accounts.probes import answer_probes
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user
from tests.recordings.conftest import recording_json

REF = "018f3a00-0000-7000-8000-000000004242"
AUDIO = bytes(range(256)) * 40  # 10,240 bytes that show where a slice came from
URL = f"/recordings/{REF}/audio"


@pytest.fixture
def stored(tmp_path, settings, user):
    """Keep a copy of AUDIO as recording 4242's audio, as an upload through the console would."""
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "call.wav"
    source.write_bytes(AUDIO)
    recording = Recording(id=4242, public_id=REF)
    return keep_copy(recording=recording, path=str(source), original_name="call.wav",
                     sha256=hashlib.sha256(AUDIO).hexdigest(), user=user)


def readable(upstream, key=KEY, ref=REF):
    return upstream.get(
        f"{BASE}/recordings/{ref}",
        json={"data": recording_json(id=4242, public_id=REF)},
        match=[matchers.header_matcher({"Authorization": f"Bearer {key}"})],
    )


def assert_not_found(response):
    """A 404 is the console's not-found page, saying why, and never a byte of the audio."""
    body = b"".join(getattr(response, "streaming_content", [response.content]))
    assert response.status_code == 404
    assert "404.html" in [used.name for used in response.templates]
    assert b"It may have been deleted" in body and AUDIO not in body


def not_found(upstream, key=KEY, ref=REF):
    return upstream.get(
        f"{BASE}/recordings/{ref}", json={"error": "Resource not found"}, status=404,
        match=[matchers.header_matcher({"Authorization": f"Bearer {key}"})],
    )


def body(response):
    return b"".join(response.streaming_content)


def test_the_whole_file_is_streamed_without_a_range(keyed, upstream, stored):
    readable(upstream)

    response = keyed.get(URL)

    assert response.status_code == 200
    assert response.streaming
    assert body(response) == AUDIO
    assert response["Content-Type"] == "audio/x-wav"
    assert response["Content-Length"] == str(len(AUDIO))
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{hashlib.sha256(AUDIO).hexdigest()}"'
    assert len(upstream.calls) == 1


@pytest.mark.parametrize(("header", "first", "last"), [
    ("bytes=0-99", 0, 99),
    ("bytes=1000-", 1000, len(AUDIO) - 1),
    ("bytes=-256", len(AUDIO) - 256, len(AUDIO) - 1),
    ("bytes=10000-999999", 10000, len(AUDIO) - 1),
    ("bytes=-99999", 0, len(AUDIO) - 1),
])
def test_a_range_answers_206_with_just_those_bytes(keyed, upstream, stored, header, first, last):
    readable(upstream)

    response = keyed.get(URL, HTTP_RANGE=header)

    assert response.status_code == 206
    assert body(response) == AUDIO[first:last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(AUDIO)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/x-wav"


@pytest.mark.parametrize("header", [f"bytes={len(AUDIO)}-", "bytes=999999-1000000", "bytes=-0"])
def test_a_range_past_the_end_answers_416(keyed, upstream, stored, header):
    readable(upstream)

    response = keyed.get(URL, HTTP_RANGE=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(AUDIO)}"


@pytest.mark.parametrize("header", ["items=0-5", "bytes=5-1", "bytes=a", "bytes=0-1,5-6", "bytes"])
def test_a_range_the_console_does_not_serve_gets_the_whole_file(keyed, upstream, stored, header):
    readable(upstream)

    response = keyed.get(URL, HTTP_RANGE=header)

    assert response.status_code == 200
    assert body(response) == AUDIO


def test_a_stale_if_range_gets_the_whole_file(keyed, upstream, stored):
    readable(upstream)

    response = keyed.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"an-older-version"')

    assert response.status_code == 200
    fresh = keyed.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=response["ETag"])
    assert fresh.status_code == 206


def test_the_key_must_still_read_the_recording_upstream(keyed, upstream, stored):
    not_found(upstream)

    response = keyed.get(URL)

    assert_not_found(response)


def test_another_users_key_cannot_fetch_the_file(client, upstream, stored, db):
    readable(upstream, key=KEY)
    not_found(upstream, key=OTHER_KEY)
    stranger = make_user("grace")
    give_key(stranger, OTHER_KEY)
    client.force_login(stranger)

    response = client.get(URL, HTTP_RANGE="bytes=0-99")

    assert_not_found(response)
    assert [c.request.headers["Authorization"] for c in upstream.calls] == [f"Bearer {OTHER_KEY}"]


def test_a_key_without_read_permission_gets_not_found(keyed, upstream, stored):
    upstream.get(f"{BASE}/recordings/{REF}", json={"error": "Read permission required"},
                 status=403)

    response = keyed.get(URL)

    assert_not_found(response)


def test_a_recording_not_uploaded_through_the_console_has_no_audio(keyed, upstream, settings,
                                                                    tmp_path):
    settings.MEDIA_ROOT = tmp_path
    readable(upstream)

    response = keyed.get(URL)

    assert_not_found(response)


def test_the_legacy_integer_id_finds_the_same_copy(keyed, upstream, stored):
    upstream.get(f"{BASE}/recordings/4242", json={"data": recording_json(id=4242, public_id=REF)})

    response = keyed.get("/recordings/4242/audio", HTTP_RANGE="bytes=0-3")

    assert response.status_code == 206
    assert body(response) == AUDIO[:4]


def test_one_upstream_check_covers_the_ranges_a_player_asks_for(keyed, upstream, stored):
    check = readable(upstream)

    for header in ("bytes=0-", "bytes=5000-", "bytes=-100"):
        assert keyed.get(URL, HTTP_RANGE=header).status_code == 206

    assert check.call_count == 1


def test_replacing_the_key_with_one_that_cannot_read_stops_playback_at_once(keyed, upstream,
                                                                             stored):
    readable(upstream)
    not_found(upstream, key=OTHER_KEY)
    upstream.get(f"{BASE}/projects", json={"data": [{"id": 1, "name": "Support"}]},
                 match=[matchers.header_matcher({"Authorization": f"Bearer {OTHER_KEY}"})])
    assert keyed.get(URL, HTTP_RANGE="bytes=0-").status_code == 206
    answer_probes(upstream)  # saving a key asks what it may do (apps/accounts/key_probe.py)

    saved = keyed.post("/settings/api-key/", {"api_key": OTHER_KEY})

    assert saved.status_code == 302
    assert_not_found(keyed.get(URL, HTTP_RANGE="bytes=5000-"))


def test_removing_the_key_stops_playback_at_once(keyed, upstream, stored):
    readable(upstream)
    assert keyed.get(URL, HTTP_RANGE="bytes=0-").status_code == 206

    keyed.post("/settings/api-key/remove/")
    response = keyed.get(URL, HTTP_RANGE="bytes=5000-")

    assert response.status_code == 302
    assert response["Location"].startswith("/settings/api-key/")


def test_users_holding_the_same_key_share_one_check_kept_under_a_hash_of_it(
    keyed, client, upstream, stored
):
    check = readable(upstream)
    colleague = Client()
    colleague.force_login(give_key(make_user("grace"), KEY).user)

    assert keyed.get(URL, HTTP_RANGE="bytes=0-3").status_code == 206
    assert colleague.get(URL, HTTP_RANGE="bytes=0-3").status_code == 206

    assert check.call_count == 1
    assert not any(KEY in name for name in cache._cache)


def test_a_malformed_id_is_not_found_without_asking_identitycall(keyed, upstream):
    response = keyed.get("/recordings/not-a-recording/audio")

    assert_not_found(response)
    assert len(upstream.calls) == 0


def test_signed_out_visitors_are_sent_to_log_in(client, stored):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("header", "expected"), [
    (None, None),
    ("", None),
    ("bytes=0-0", (0, 0)),
    ("bytes = 2-4", (2, 4)),
    ("BYTES=2-", (2, 9)),
    ("bytes=-3", (7, 9)),
    ("bytes=3-2", None),
    ("bytes=0-1, 4-5", None),
    ("bytes=x-1", None),
    ("bytes=-", None),
])
def test_parse_range_reads_one_byte_range(header, expected):
    assert ranges.parse_range(header, 10) == expected


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=-0", "bytes=11-20"])
def test_parse_range_refuses_ranges_past_the_end(header):
    with pytest.raises(ranges.Unsatisfiable):
        ranges.parse_range(header, 10)
