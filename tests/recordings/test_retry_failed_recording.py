"""Retrying a failed recording: its audio sent again as a new recording with an external_id of
its own (content + attempt), linked both ways, seen only through a key that reads it."""

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from apps.audit.models import AuditEvent
from apps.identitycall.resources import Recording
from apps.recordings.ingest import storage
from apps.recordings.models import RetryLink
from apps.recordings.retries import next_attempt, retry_external_id
from tests.factories import BASE, OTHER_KEY, give_key, make_user
from tests.recordings.conftest import recording_json
from tests.recordings.uploading import NEW_REF, WAV, WAV_SHA, fake_projects, fake_upload, wav

REF = "018f3a00-0000-7000-8000-000000000401"
PAGE = f"/recordings/{REF}/retry/"
SHA = "ab" * 32


def failed_json(**fields):
    return recording_json(id=401, public_id=REF, name="Monday call", status="failed",
                          project_id=2, language="lt", **fields)


def fake_failed(upstream, **fields):
    upstream.get(f"{BASE}/recordings/{REF}", json={"data": failed_json(**fields)})
    fake_projects(upstream)


def fake_parts(upstream, ref, status=422):
    """The analysis a recording's page asks for alongside it (none ready: failed or processing)."""
    for part in ("transcription", "results", "summary"):
        upstream.get(f"{BASE}/recordings/{ref}/{part}", status=status,
                     json={"error": "Not ready" if status == 422 else "Resource not found"})


def keep(tmp_path, ref=REF, rid=401, content=WAV):
    """Keep a copy of `content` as the console's audio of recording `ref`."""
    source = tmp_path / "kept.wav"
    source.write_bytes(content)
    recording = Recording(id=rid, public_id=ref)
    return storage.keep_copy(recording=recording, original_name="monday.wav",
                             sha256=hashlib.sha256(content).hexdigest(), user=None, path=source)


# --- the external_id ----------------------------------------------------------------------------


def test_the_retry_id_is_derived_from_the_content_and_the_attempt():
    assert retry_external_id(SHA, 1) == "console-" + "ab" * 16 + "-retry1"
    assert retry_external_id(SHA, 1) == retry_external_id(SHA, 1)  # a replay sends the same id
    assert retry_external_id(SHA, 2) != retry_external_id(SHA, 1)
    assert retry_external_id("cd" * 32, 1) != retry_external_id(SHA, 1)


def test_the_retry_id_is_never_the_original_uploads_id():
    from apps.recordings.ingest.rules import external_id_for

    assert retry_external_id(SHA, 1) != external_id_for(SHA)
    assert retry_external_id(SHA, 1).startswith(external_id_for(SHA))
    with pytest.raises(ValueError):
        retry_external_id(SHA, 0)


@pytest.mark.django_db
def test_a_retry_of_a_retry_is_the_next_attempt():
    first = Recording(id=1, public_id="018f3a00-0000-7000-8000-000000000001")
    second = Recording(id=2, public_id="018f3a00-0000-7000-8000-000000000002")
    assert next_attempt(first) == 1
    RetryLink.objects.create(failed_key=first.public_id, failed_ref=first.ref,
                             new_key=second.public_id, new_ref=second.ref, attempt=1,
                             external_id="x")
    assert next_attempt(second) == 2


# --- sending the kept copy ----------------------------------------------------------------------


def test_retry_sends_the_kept_copy_as_a_new_linked_recording(keyed, upstream, user, private_dirs):
    keep(private_dirs.parent)
    fake_failed(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, {"source": "kept"})

    assert response.status_code == 302 and response["Location"] == f"/recordings/{NEW_REF}/"
    assert sent[0]["external_id"] == retry_external_id(WAV_SHA, 1)
    assert sent[0]["project_id"] == "2" and sent[0]["language"] == "lt"
    assert sent[0]["name"] == "Monday call"
    assert sent[0]["file"] == ("monday.wav", WAV)
    link = RetryLink.objects.get()
    assert (link.failed_ref, link.new_ref, link.attempt) == (REF, NEW_REF, 1)
    assert storage.find(NEW_REF).sha256 == WAV_SHA  # the new recording plays too
    upload = AuditEvent.objects.get(action="recording.upload")
    assert upload.status == 201 and upload.user == user


def test_a_replayed_retry_opens_the_same_new_recording_once(keyed, upstream, private_dirs):
    keep(private_dirs.parent)
    fake_failed(upstream)
    sent = fake_upload(upstream, status=200)

    keyed.post(PAGE, {"source": "kept"})
    response = keyed.post(PAGE, {"source": "kept"})

    assert response["Location"] == f"/recordings/{NEW_REF}/"
    assert sent[0]["external_id"] == sent[1]["external_id"] == retry_external_id(WAV_SHA, 1)
    assert RetryLink.objects.count() == 1


def test_a_recording_that_has_not_failed_is_not_retried(keyed, upstream, private_dirs):
    keep(private_dirs.parent)
    upstream.get(f"{BASE}/recordings/{REF}", json={"data": failed_json() | {"status": "completed"}})
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, {"source": "kept"})

    assert response.status_code == 302 and response["Location"] == f"/recordings/{REF}/"
    assert sent == [] and not RetryLink.objects.exists()
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == ["Only a recording whose processing failed can be retried; this one has not "
                    "failed."]


# --- asking for the file ------------------------------------------------------------------------


def test_without_a_kept_copy_the_page_asks_for_the_file_with_the_project_chosen(keyed, upstream):
    fake_failed(upstream)

    html = keyed.get(PAGE).content.decode()

    # Its call budget: the recording, and the projects for the picker.
    assert [call.request.url.removeprefix(BASE) for call in upstream.calls] == [
        f"/recordings/{REF}", "/projects"]

    assert "keeps no audio of that recording" in html
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert '<option value="2" selected data-language="lt">Sales LT</option>' in html
    assert 'name="external_id"' not in html  # the retry's own is derived
    assert "attempt 1" in html


def test_a_chosen_file_is_sent_with_the_attempt_aware_id(keyed, upstream, private_dirs):
    fake_failed(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, {"source": "file", "files": wav(), "project": "2",
                                 "language": "", "name": "Monday call"})

    assert response.status_code == 302 and response["Location"] == f"/recordings/{NEW_REF}/"
    assert sent[0]["external_id"] == retry_external_id(WAV_SHA, 1)
    assert RetryLink.objects.get().new_ref == NEW_REF


def test_without_a_file_nothing_is_sent(keyed, upstream, private_dirs):
    fake_failed(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, {"source": "file", "project": "2"})

    assert response.status_code == 422 and sent == []
    assert "Choose the recording’s audio file" in response.content.decode()


# --- the links ----------------------------------------------------------------------------------


def linked(user=None):
    return RetryLink.objects.create(
        failed_key=REF, failed_ref=REF, failed_name="Monday call", new_key=NEW_REF,
        new_ref=NEW_REF, new_name="Monday call (again)", attempt=1, external_id="x",
        created_by=user)


def test_the_failed_recording_says_what_it_was_retried_as(keyed, upstream):
    fake_failed(upstream)
    fake_parts(upstream, REF)
    linked()

    html = keyed.get(f"/recordings/{REF}/").content.decode()

    assert "Retried as" in html
    assert f'<a href="/recordings/{NEW_REF}/">“Monday call (again)”</a>' in html
    assert f'href="{PAGE}">Retry…</a>' in html  # and it can be retried again


def test_the_new_recording_says_what_it_retries_and_offers_to_delete_it(keyed, upstream):
    new = recording_json(id=501, public_id=NEW_REF, status="processing", name="Monday call")
    upstream.get(f"{BASE}/recordings/{NEW_REF}", json={"data": new})
    fake_projects(upstream)
    fake_parts(upstream, NEW_REF)
    linked()

    html = keyed.get(f"/recordings/{NEW_REF}/").content.decode()

    assert "Retry of" in html and f'href="/recordings/{REF}/"' in html
    assert f'href="/recordings/{REF}/delete/">Delete the failed recording…</a>' in html


def test_another_user_can_neither_retry_nor_see_the_link(db, upstream, private_dirs):
    linked()
    keep(private_dirs.parent)
    bob = make_user("bob")
    give_key(bob, OTHER_KEY)
    other = Client()
    other.force_login(bob)
    for path in (REF, NEW_REF):
        upstream.get(f"{BASE}/recordings/{path}", json={"error": "Resource not found"},
                     status=404)
        fake_parts(upstream, path, status=404)
    fake_projects(upstream)  # Bob's page asks for his key's projects alongside
    sent = fake_upload(upstream)

    assert other.get(PAGE).status_code == 404
    assert other.post(PAGE, {"source": "kept"}).status_code == 404
    response = other.get(f"/recordings/{NEW_REF}/")
    assert response.status_code == 404 and "Retry of" not in response.content.decode()
    assert sent == [] and RetryLink.objects.count() == 1


def test_a_retry_needs_the_csrf_token(upstream, user, private_dirs):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    keep(private_dirs.parent)
    fake_failed(upstream)
    sent = fake_upload(upstream)

    assert client.post(PAGE, {"source": "kept"}).status_code == 403
    assert sent == [] and not RetryLink.objects.exists()


def test_signed_out_visitors_are_sent_to_log_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
