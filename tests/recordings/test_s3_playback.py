"""Playback of kept audio from S3-compatible storage: every playback test of test_audio.py again,
the copy now in a bucket on moto's server, plus the ranged GETs the view makes."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.identitycall.resources import Recording
from apps.recordings.ingest.storage import keep_copy
from tests.recordings.test_audio import *  # noqa: F403  (the disk's tests, collected again here)
from tests.recordings.test_audio import (
    AUDIO,
    REF,
    URL,
    assert_not_found,
    body,
    not_found,
    readable,
)
from tests.recordings.test_detail import REF as DETAIL_REF
from tests.recordings.test_detail import fake_upstream
from tests.s3_server import s3_server, s3_storage  # noqa: F401  (fixtures)


@pytest.fixture
def stored(s3_storage, tmp_path, user, settings):
    """Keep a copy of AUDIO as recording 4242's audio in the test's bucket (replaces the disk's)."""
    settings.MEDIA_ROOT = tmp_path / "media"  # to show nothing lands there
    source = tmp_path / "call.wav"
    source.write_bytes(AUDIO)
    recording = Recording(id=4242, public_id=REF)
    return keep_copy(recording=recording, path=str(source), original_name="call.wav",
                     sha256=hashlib.sha256(AUDIO).hexdigest(), user=user)


@pytest.fixture
def gets(stored):
    """Record the Range of every GetObject this thread's client sends to the bucket."""
    asked = []

    def note(params, **kwargs):
        asked.append(params.get("Range"))

    client = default_storage.connection.meta.client
    client.meta.events.register("provide-client-params.s3.GetObject", note)
    yield asked
    client.meta.events.unregister("provide-client-params.s3.GetObject", note)


def test_the_copy_really_is_in_the_bucket_and_not_on_disk(stored, s3_storage, settings):
    assert s3_storage.keys() == [f"console/audio/{REF}/call.wav"]
    assert not settings.MEDIA_ROOT.exists()


@pytest.mark.parametrize(("header", "first", "last"), [
    ("bytes=0-99", 0, 99),  # the first bytes
    ("bytes=4000-4999", 4000, 4999),  # the middle
    ("bytes=-256", len(AUDIO) - 256, len(AUDIO) - 1),  # a suffix
])
def test_each_range_is_one_ranged_get_of_just_those_bytes(keyed, upstream, gets, header, first,
                                                          last):
    readable(upstream)

    response = keyed.get(URL, HTTP_RANGE=header)

    assert response.status_code == 206
    assert body(response) == AUDIO[first:last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(AUDIO)}"
    assert gets == [f"bytes={first}-{last}"]


def test_the_whole_file_is_one_get_streamed_in_chunks(keyed, upstream, gets):
    readable(upstream)

    response = keyed.get(URL)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="call.wav"'
    assert body(response) == AUDIO
    assert gets == [f"bytes=0-{len(AUDIO) - 1}"]


def test_an_unsatisfiable_range_asks_the_bucket_for_nothing(keyed, upstream, gets):
    readable(upstream)

    response = keyed.get(URL, HTTP_RANGE=f"bytes={len(AUDIO)}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(AUDIO)}"
    assert gets == []


def test_a_key_that_cannot_read_the_recording_gets_nothing_from_the_bucket(keyed, upstream, gets):
    not_found(upstream)

    response = keyed.get(URL, HTTP_RANGE="bytes=0-99")

    assert_not_found(response)
    assert gets == []


def test_an_object_gone_from_the_bucket_is_not_found(keyed, upstream, stored, s3_storage):
    readable(upstream)
    s3_storage.client.delete_object(Bucket=s3_storage.name, Key=f"console/{stored.file.name}")

    response = keyed.get(URL, HTTP_RANGE="bytes=0-99")

    assert_not_found(response)


def test_the_detail_page_plays_the_copy_through_the_console_not_from_the_store(
    keyed, upstream, user, s3_storage
):
    keep_copy(recording=Recording(id=1001, public_id=DETAIL_REF), file=ContentFile(AUDIO),
              original_name="call.wav", sha256="0" * 64, user=user)
    fake_upstream(upstream)

    response = keyed.get(f"/recordings/{DETAIL_REF}/")

    html = response.content.decode()
    assert f'src="/recordings/{DETAIL_REF}/audio"' in html
    assert "127.0.0.1" not in html and s3_storage.name not in html
    assert "media-src 'self';" in response["Content-Security-Policy"]
