"""When the S3-compatible store is down (its server stopped): every page still answers, with a
sentence where the audio is concerned, never a 500, a traceback or a credential."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.recordings.models import StoredAudio
from tests.factories import BASE
from tests.recordings.test_audio import readable
from tests.recordings.test_detail import REF, fake_upstream
from tests.recordings.uploading import NEW_REF, fake_projects, fake_upload, send_one
from tests.s3_server import ACCESS_KEY_ID, SECRET_ACCESS_KEY, start_s3_server, use_storage_url

URL = f"/recordings/{REF}/audio"
UNAVAILABLE = ("The console’s audio storage did not answer, so this recording cannot be played "
               "just now. Try again in a minute.")


@pytest.fixture(scope="module")
def stopped():
    """(AUDIO_STORAGE_URL, env) of a bucket whose server has been stopped."""
    server = start_s3_server()
    try:
        url = server.create_bucket()
    finally:
        server.stop()
    return url, server.env


@pytest.fixture
def down(stopped, settings, monkeypatch, user):
    """Recording 1001's copy, kept (as the database says) in the bucket of a stopped server."""
    use_storage_url(*stopped, settings, monkeypatch)
    return StoredAudio.objects.create(
        recording_key=REF, recording_id=1001, uploaded_by=user, file=f"audio/{REF}/call.wav",
        original_name="call.wav", content_type="audio/x-wav", size=1028, sha256="0" * 64,
    )


@pytest.fixture
def everything_logged(caplog):
    """Every log line at INFO and above, the console's own at DEBUG. (botocore's DEBUG lines,
    off unless a deployment turns the root logger to DEBUG, show the access key id in the
    signature header they print: that is botocore's, not the console's.)"""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="apps")
    caplog.set_level(logging.DEBUG, logger="django")
    return caplog


def assert_no_secret(*texts):
    for text in texts:
        assert SECRET_ACCESS_KEY not in text
        assert ACCESS_KEY_ID not in text


def test_playing_says_the_storage_is_unavailable(keyed, upstream, down, everything_logged):
    readable(upstream, ref=REF)

    response = keyed.get(URL, HTTP_RANGE="bytes=0-99")

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert UNAVAILABLE in html
    assert "Traceback" not in html and "botocore" not in html.lower()
    assert "Audio of recording" in everything_logged.text
    assert "The audio storage could not be reached to open a file" in everything_logged.text
    assert_no_secret(html, everything_logged.text)


def test_the_detail_page_still_answers_with_its_player(keyed, upstream, down, everything_logged):
    fake_upstream(upstream)

    response = keyed.get(f"/recordings/{REF}/")

    assert response.status_code == 200
    assert f'src="/recordings/{REF}/audio"' in response.content.decode()
    assert_no_secret(response.content.decode(), everything_logged.text)


def test_an_upload_still_reaches_identitycall_and_says_no_copy_was_kept(
    keyed, upstream, down, everything_logged
):
    fake_projects(upstream)
    fake_upload(upstream)

    response = send_one(keyed)

    html = response.content.decode()
    assert response.status_code == 201
    assert "The console could not keep its own copy, so it cannot be played here." in html
    assert not StoredAudio.objects.filter(recording_key=NEW_REF).exists()
    assert_no_secret(html, everything_logged.text)


def test_deleting_the_recording_still_works_and_the_copy_waits_for_prune(
    keyed, upstream, down, everything_logged
):
    upstream.delete(f"{BASE}/recordings/{REF}", status=204)

    response = keyed.post(f"/recordings/{REF}/delete/", {"name": "Call"})

    assert response.status_code == 302
    assert StoredAudio.objects.filter(pk=down.pk).exists()  # the next prune tries again
    assert "its audio copy could not be deleted" in everything_logged.text
    assert_no_secret(everything_logged.text)


def test_prune_stops_at_once_with_a_sentence(db, settings, down, user):
    StoredAudio.objects.create(recording_key="2", uploaded_by=user, file="audio/2/call.wav",
                               original_name="call.wav", content_type="audio/x-wav", size=10,
                               sha256="0" * 64)
    StoredAudio.objects.update(created_at=timezone.now() - timedelta(days=40))
    settings.AUDIO_RETENTION_DAYS = 30
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("prune_audio", stdout=out, stderr=err)

    assert str(refused.value) == (
        "The audio storage could not be reached to delete a file (EndpointConnectionError). "
        "Nothing more was deleted: 2 audio copies are left for the next run."
    )
    assert out.getvalue() == ""
    assert StoredAudio.objects.count() == 2
    assert_no_secret(out.getvalue(), err.getvalue(), str(refused.value))


def test_the_kept_audio_page_needs_only_the_database(keyed, down):
    response = keyed.get("/recordings/kept-audio/")

    assert response.status_code == 200
    assert "in shared object storage" in response.content.decode()
