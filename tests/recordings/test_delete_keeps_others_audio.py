"""Deleting a recording forgets the console's audio copy only when the delete surely happened.

IdentityCall answers 404 both for "does not exist" and for "your key cannot see it", so a 404 alone
never lets anyone but the copy's uploader wipe it.
"""

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from responses import matchers

from apps.identitycall.resources import Recording, Summary
from apps.accounts.clients import client_for
from apps.recordings import analysis_cache
from apps.recordings.ingest import storage
from apps.recordings.analysis import Fetched, Part
from apps.recordings.models import StoredAudio
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user
from tests.recordings.analysis_factories import (
    as_recording,
    as_results,
    as_transcription,
    summary_json,
)
from tests.recordings.conftest import recording_json

REF = "018f3a00-0000-7000-8000-000000000077"
DELETE = f"/recordings/{REF}/delete/"
AUDIO = f"/recordings/{REF}/audio"
HTMX = {"HTTP_HX_REQUEST": "true"}
SOUND = b"RIFF" + bytes(range(256)) * 4
NOT_FOR_YOUR_KEY = (
    "“Refund call” was not found with your API key: it may have been deleted already, or your "
    "key cannot see it. Nothing was deleted."
)


def as_key(key):
    return [matchers.header_matcher({"Authorization": f"Bearer {key}"})]


def delete_answers(upstream, key, status):
    body = {"error": "Resource not found"} if status == 404 else None
    return upstream.delete(f"{BASE}/recordings/{REF}", status=status, json=body, match=as_key(key))


def read_answers(upstream, key, status):
    body = ({"data": recording_json(id=77, public_id=REF, name="Refund call")} if status == 200
            else {"error": "Resource not found" if status == 404 else "boom"})
    return upstream.get(f"{BASE}/recordings/{REF}", status=status, json=body, match=as_key(key))


@pytest.fixture
def owner(user):
    """Ada, who uploaded the recording through the console with the account-wide KEY."""
    give_key(user, KEY)
    return user


@pytest.fixture
def kept(settings, tmp_path, owner):
    """The console's only playable copy of Ada's recording."""
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "call.wav"
    source.write_bytes(SOUND)
    return storage.keep_copy(recording=Recording(id=77, public_id=REF), path=source,
                           original_name="call.wav", sha256=hashlib.sha256(SOUND).hexdigest(),
                           user=owner)


@pytest.fixture
def bob(db):
    """Bob, whose key cannot see Ada's recording (project-scoped, say, or another account's)."""
    user = make_user("bob")
    give_key(user, OTHER_KEY)
    return user


@pytest.fixture
def colleague(bob):
    """Bob, signed in."""
    browser = Client()
    browser.force_login(bob)
    return browser


@pytest.fixture
def ada(client, owner):
    client.force_login(owner)
    return client


def still_kept(kept):
    return StoredAudio.objects.filter(pk=kept.pk).exists() and kept.file.storage.exists(
        kept.file.name
    )


def plays(client, upstream):
    read_answers(upstream, KEY, 200)
    response = client.get(AUDIO, HTTP_RANGE="bytes=0-3")
    return response.status_code == 206 and b"".join(response.streaming_content) == SOUND[:4]


def shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_colleague_whose_key_cannot_see_it_leaves_my_audio_playable(
    colleague, ada, upstream, kept
):
    delete_answers(upstream, OTHER_KEY, 404)

    response = colleague.post(DELETE, {"place": "detail", "name": "Refund call"})

    assert response.status_code == 302
    assert shown(response) == [NOT_FOR_YOUR_KEY]
    assert still_kept(kept)
    assert plays(ada, upstream)


def test_from_the_list_the_colleague_is_warned_that_nothing_was_deleted(colleague, upstream, kept):
    delete_answers(upstream, OTHER_KEY, 404)

    response = colleague.post(DELETE, {"place": "list", "name": "Refund call"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="alert alert--warning"' in html
    assert NOT_FOR_YOUR_KEY in html
    assert "“Refund call” was deleted." not in html
    assert still_kept(kept)


def test_a_colleague_whose_delete_identitycall_confirms_removes_the_copy(colleague, upstream, kept):
    delete_answers(upstream, OTHER_KEY, 204)

    response = colleague.post(DELETE, {"place": "detail", "name": "Refund call"})

    assert shown(response) == ["“Refund call” was deleted."]
    assert not still_kept(kept)


def test_the_owner_whose_recording_is_gone_for_their_key_forgets_the_copy(ada, upstream, kept):
    delete_answers(upstream, KEY, 404)
    check = read_answers(upstream, KEY, 404)

    response = ada.post(DELETE, {"place": "detail", "name": "Refund call"})

    assert shown(response) == ["“Refund call” was already deleted."]
    assert check.call_count == 1  # the key itself read that the recording is gone
    assert not still_kept(kept)


@pytest.mark.parametrize("status", [200, 503])
def test_the_owner_keeps_the_copy_unless_their_key_reads_that_it_is_gone(
    ada, upstream, kept, status
):
    delete_answers(upstream, KEY, 404)
    read_answers(upstream, KEY, status)

    response = ada.post(DELETE, {"place": "detail", "name": "Refund call"})

    assert shown(response) == [NOT_FOR_YOUR_KEY]
    assert still_kept(kept)


def test_a_copy_whose_uploader_left_is_never_forgotten_on_a_404(ada, upstream, kept):
    StoredAudio.objects.filter(pk=kept.pk).update(uploaded_by=None)
    delete_answers(upstream, KEY, 404)
    read_answers(upstream, KEY, 404)

    response = ada.post(DELETE, {"place": "detail", "name": "Refund call"})

    assert shown(response) == [NOT_FOR_YOUR_KEY]
    assert still_kept(kept)


def test_without_a_copy_a_404_says_nothing_was_deleted_without_asking_again(ada, upstream):
    delete_answers(upstream, KEY, 404)

    response = ada.post(DELETE, {"place": "list", "name": "Refund call"}, **HTMX)

    assert NOT_FOR_YOUR_KEY in response.content.decode()
    assert [call.request.method for call in upstream.calls] == ["DELETE"]
    # The row goes: this key cannot list the recording any more, whatever the reason.
    assert "recordingDeleted" in response["HX-Trigger"]


def completed_analysis():
    """Return a completed recording's fetched analysis, as the detail page gathers it."""
    return Fetched(
        recording=as_recording(id=77, public_id=REF),
        transcription=Part(as_transcription()),
        results=Part(as_results()),
        summary=Part(Summary.from_api(summary_json())),
    )


@pytest.mark.parametrize("status", [204, 404])
def test_a_delete_forgets_the_analysis_kept_for_the_deleting_key_only(
    colleague, bob, owner, upstream, status
):
    ada_client, bob_client = client_for(owner), client_for(bob)
    for client in (ada_client, bob_client):
        analysis_cache.remember(client, REF, completed_analysis())
    delete_answers(upstream, OTHER_KEY, status)

    colleague.post(DELETE, {"place": "detail", "name": "Refund call"})

    assert analysis_cache.cached_panels(bob_client, REF) is None
    assert analysis_cache.cached_panels(ada_client, REF) is not None
