"""Hostile Range and If-Range headers on the audio view: a 200 or a 416, never a server error."""

import hashlib

import pytest
from responses import matchers

from apps.identitycall.resources import Recording
from apps.recordings.ingest.storage import keep_copy
from tests.factories import BASE, KEY
from tests.recordings.conftest import recording_json

REF = "018f3a00-0000-7000-8000-000000004343"
AUDIO = bytes(range(256)) * 16  # 4,096 bytes
URL = f"/recordings/{REF}/audio"
ETAG = f'"{hashlib.sha256(AUDIO).hexdigest()}"'


@pytest.fixture
def stored(tmp_path, settings, user, upstream):
    """Keep a copy of AUDIO as recording 4343's audio, readable with the user's key."""
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "call.wav"
    source.write_bytes(AUDIO)
    upstream.get(f"{BASE}/recordings/{REF}",
                 json={"data": recording_json(id=4343, public_id=REF)},
                 match=[matchers.header_matcher({"Authorization": f"Bearer {KEY}"})])
    return keep_copy(recording=Recording(id=4343, public_id=REF), path=str(source),
                     original_name="call.wav", sha256=hashlib.sha256(AUDIO).hexdigest(),
                     user=user)


def body(response):
    return b"".join(response.streaming_content)


def get(client, **headers):
    """GET the audio with `headers` given as HTTP_* names; a server error fails the test."""
    return client.get(URL, **headers)


WHOLE_FILE = {
    "superscript two as the start": "bytes=²-",
    "superscript one as the end": "bytes=0-¹",
    "superscript three as a suffix": "bytes=-³",
    "arabic-indic digits": "bytes=٣-٩",
    "fullwidth digits": "bytes=０-９",
    "devanagari digits": "bytes=१-",
    "thousands of digits in the start": "bytes=" + "1" * 5000 + "-",
    "thousands of digits in the end": "bytes=0-" + "9" * 5000,
    "thousands of digits in a suffix": "bytes=-" + "7" * 5000,
    "thousands of leading zeros": "bytes=" + "0" * 5000 + "1-2",
    "21 digits": "bytes=0-" + "1" * 21,
    "thousands of ranges": "bytes=" + ",".join(f"{n}-{n}" for n in range(3000)),
    "a long header with one range": "bytes=0-9" + " " * 10_000,
    "underscores int() would take": "bytes=1_0-2_0",
    "a sign int() would take": "bytes=+5-9",
    "non-breaking spaces": "bytes=\u00a05-9",
    "two dashes": "bytes=5--9",
    "a bare dash": "bytes=-",
    "hex": "bytes=0x10-0x20",
    "a NUL": "bytes=\x00-5",
    "empty": "",
    "only a comma": "bytes=,",
}


@pytest.mark.parametrize("header", WHOLE_FILE.values(), ids=WHOLE_FILE.keys())
def test_a_malformed_range_gets_the_whole_file(keyed, stored, header):
    response = get(keyed, HTTP_RANGE=header)

    assert response.status_code == 200
    assert body(response) == AUDIO
    assert response["Content-Length"] == str(len(AUDIO))
    assert "Content-Range" not in response


@pytest.mark.parametrize("header", [
    "bytes=" + "9" * 20 + "-",  # the longest number read: far past the end
    "bytes=4096-" + "9" * 20,
    "bytes=-0",
])
def test_a_well_formed_range_past_the_end_answers_416(keyed, stored, header):
    response = get(keyed, HTTP_RANGE=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(AUDIO)}"


@pytest.mark.parametrize(("header", "first", "last"), [
    ("bytes=0-" + "9" * 20, 0, len(AUDIO) - 1),
    ("bytes=" + "0" * 19 + "7-00009", 7, 9),
    ("BYTES = 10 - 19", 10, 19),
    ("bytes=\t-16", len(AUDIO) - 16, len(AUDIO) - 1),
])
def test_ascii_ranges_up_to_twenty_digits_still_answer_206(keyed, stored, header, first, last):
    response = get(keyed, HTTP_RANGE=header)

    assert response.status_code == 206
    assert body(response) == AUDIO[first:last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(AUDIO)}"


ODD_IF_RANGE = {
    "empty": "",
    "weak tag of this file": f"W/{ETAG}",
    "a date": "Wed, 21 Oct 2015 07:28:00 GMT",
    "unquoted hash": hashlib.sha256(AUDIO).hexdigest(),
    "superscripts": "²¹",
    "a list of tags": f"{ETAG}, \"other\"",
    "thousands of characters": "\"" + "x" * 10_000 + "\"",
    "a NUL": "\x00",
}


@pytest.mark.parametrize("if_range", ODD_IF_RANGE.values(), ids=ODD_IF_RANGE.keys())
def test_an_if_range_other_than_this_files_strong_tag_gets_the_whole_file(keyed, stored, if_range):
    response = get(keyed, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=if_range)

    assert response.status_code == 200
    assert body(response) == AUDIO


@pytest.mark.parametrize("header", ["bytes=²-", "bytes=0-" + "1" * 5000, "bytes=0-9"])
def test_an_if_range_with_no_range_or_a_hostile_one_never_fails(keyed, stored, header):
    assert get(keyed, HTTP_IF_RANGE=ETAG).status_code == 200

    response = get(keyed, HTTP_RANGE=header, HTTP_IF_RANGE=f" {ETAG} ")

    assert response.status_code == (206 if header == "bytes=0-9" else 200)
    assert body(response) == (AUDIO[:10] if header == "bytes=0-9" else AUDIO)
