"""Queued uploads from the browser's side: a batch's file is received whole, staged and queued
(202), bad input is refused with nothing queued, and the recordings page shows each user only
their own uploads in progress, with Retry and Dismiss (CSRF-checked, with or without htmx)."""

import json
from urllib.parse import urlencode

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from apps.recordings.models import QueuedUpload
from tests.factories import BASE, OTHER_KEY, give_key, make_user
from tests.recordings.conftest import page_json, project_json
from tests.recordings.uploading import ONE_FILE, WAV, WAV_SHA, fake_projects, fake_upload, form
from tests.taskqueue import queued, run_queued

pytestmark = pytest.mark.usefixtures("private_dirs")

QUEUE = "/recordings/upload/queue/"
BLOCK = "/recordings/uploads/"
Status = QueuedUpload.Status


def queue_one(client, filename="call.wav", content=WAV, headers=None, **fields):
    """POST one file to the queue the way upload.js does for a batch's files."""
    header = urlencode(form(filename=filename, batch_size="2", **fields))
    return client.post(QUEUE, data=content, content_type="application/octet-stream",
                       headers={"X-Upload-Fields": header, **(headers or {})},
                       CONTENT_LENGTH=str(len(content)))


def make_row(user, status=Status.FAILED, name="call.wav", staged=True, **fields):
    """Return a QueuedUpload of `user` in `status`, with a staged file unless `staged` is False."""
    staged_name = default_storage.save(f"queued/test/{name}", _content()) if staged else ""
    return QueuedUpload.objects.create(
        user=user, key_fingerprint="f" * 40, original_name=name, size=len(WAV), sha256=WAV_SHA,
        fields=form(filename=name), staged_name=staged_name, status=status, **fields,
    )


def _content():
    from django.core.files.base import ContentFile

    return ContentFile(WAV)


def list_page(client, upstream):
    fake_projects(upstream)
    upstream.get(f"{BASE}/recordings", json=page_json([]))
    return client.get("/recordings/")


# ---- Queueing a file ------------------------------------------------------------------------


def test_a_queued_file_is_staged_and_a_task_is_enqueued_nothing_sent_yet(keyed, upstream, user,
                                                                        private_dirs):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = queue_one(keyed, name="Week 12", external_id="crm-7")

    assert response.status_code == 202
    row = QueuedUpload.objects.get()
    assert response["X-Queued-Upload"] == str(row.id)
    html = response.content.decode()
    assert 'data-upload-result="queued"' in html and f'data-queued-upload="{row.id}"' in html
    assert "the console will send it; you may close this page" in html
    assert (row.user, row.status, row.original_name, row.size, row.sha256) == (
        user, Status.QUEUED, "call.wav", len(WAV), WAV_SHA)
    assert row.fields["name"] == "Week 12" and row.fields["batch_size"] == "2"
    assert row.key_fingerprint and row.key_fingerprint not in html
    with default_storage.open(row.staged_name) as staged:
        assert staged.read() == WAV
    assert row.staged_name == f"queued/{row.id}-call.wav"
    assert [task.args_kwargs["args"] for task in queued()] == [[str(row.id)]]
    assert sent == []  # the worker sends it, not the request
    assert list(private_dirs.iterdir()) == []  # the temp file became the staged file


def test_a_single_file_joins_the_queue_while_the_user_has_files_queued(keyed, upstream, user):
    make_row(user, status=Status.QUEUED, name="first.wav")
    fake_projects(upstream)
    sent = fake_upload(upstream)
    header = urlencode(form(filename="second.wav"))

    response = keyed.post(ONE_FILE, data=WAV, content_type="application/octet-stream",
                          headers={"X-Upload-Fields": header})

    assert response.status_code == 202
    assert sent == []
    assert QueuedUpload.objects.filter(original_name="second.wav", status=Status.QUEUED).exists()


def test_a_single_file_with_nothing_queued_is_relayed_at_once(keyed, upstream, user):
    make_row(user, status=Status.FAILED)  # a failed one waits for Retry; it does not hold others
    fake_projects(upstream)
    sent = fake_upload(upstream)
    header = urlencode(form(filename="now.wav"))

    response = keyed.post(ONE_FILE, data=WAV, content_type="application/octet-stream",
                          headers={"X-Upload-Fields": header})

    assert response.status_code == 201
    assert len(sent) == 1
    assert not QueuedUpload.objects.filter(original_name="now.wav").exists()


def test_the_upload_page_tells_upload_js_where_to_queue_and_whether_files_are_queued(
    keyed, upstream, user
):
    fake_projects(upstream)
    html = keyed.get("/recordings/upload/").content.decode()
    assert f'data-queue-url="{QUEUE}"' in html and "data-queued-now" not in html

    make_row(user, status=Status.SENDING)
    fake_projects(upstream)
    assert "data-queued-now" in keyed.get("/recordings/upload/").content.decode()


@pytest.mark.parametrize(
    ("body", "filename", "content_type", "status", "sentence"),
    [
        (WAV, "", "application/octet-stream", 400, "Send one file as the body of the request."),
        (WAV, "call.wav", "multipart/form-data; boundary=x", 400, "Send one file as the body"),
        (b"", "call.wav", "application/octet-stream", 422, "call.wav is empty."),
        (b"text", "notes.txt", "application/octet-stream", 422,
         "notes.txt is not an audio file IdentityCall accepts"),
    ],
)
def test_bad_input_gets_a_clear_sentence_and_nothing_is_queued(
    keyed, upstream, body, filename, content_type, status, sentence
):
    fake_projects(upstream)
    header = urlencode(form(filename=filename))

    # Like a browser, the type and length are sent even for an empty file.
    response = keyed.post(QUEUE, data=body, content_type=content_type,
                          headers={"X-Upload-Fields": header}, CONTENT_LENGTH=str(len(body)),
                          CONTENT_TYPE=content_type)

    assert response.status_code == status
    assert sentence in response.content.decode()
    assert not QueuedUpload.objects.exists() and not queued().exists()


def test_a_file_over_its_formats_limit_is_refused_before_its_body_is_read(keyed, upstream):
    fake_projects(upstream)
    header = urlencode(form(filename="long.mp3"))

    response = keyed.post(QUEUE, data=WAV, content_type="application/octet-stream",
                          headers={"X-Upload-Fields": header},
                          CONTENT_LENGTH=str(101 * 1024 * 1024))

    assert response.status_code == 422
    assert "long.mp3 is 101.0\xa0MB; IdentityCall accepts MP3 files up to 100 MB." in (
        response.content.decode())
    assert not QueuedUpload.objects.exists()


def test_a_file_over_the_request_limit_is_refused_before_its_body_is_read(keyed, upstream,
                                                                          settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    fake_projects(upstream)
    header = urlencode(form(filename="long.wav"))

    response = keyed.post(QUEUE, data=WAV, content_type="application/octet-stream",
                          headers={"X-Upload-Fields": header}, CONTENT_LENGTH=str(2 * 1024 * 1024))

    assert response.status_code == 413
    assert "long.wav is 2.0\xa0MB; this console accepts at most 1.0\xa0MB in one upload." in (
        response.content.decode())
    assert not QueuedUpload.objects.exists()


def test_a_body_that_ends_early_is_not_queued(keyed, upstream, private_dirs):
    fake_projects(upstream)
    header = urlencode(form(filename="call.wav"))

    response = keyed.post(QUEUE, data=WAV, content_type="application/octet-stream",
                          headers={"X-Upload-Fields": header}, CONTENT_LENGTH=str(len(WAV) * 4))

    assert response.status_code == 400
    assert "call.wav did not arrive whole, so it was not uploaded." in response.content.decode()
    assert not QueuedUpload.objects.exists() and not queued().exists()
    assert list(private_dirs.iterdir()) == []


def test_a_storage_that_fails_queues_nothing_and_says_so(keyed, upstream, monkeypatch,
                                                         private_dirs):
    def full(name, content, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(default_storage, "save", full)
    fake_projects(upstream)

    response = queue_one(keyed)

    assert response.status_code == 503
    assert "The console could not store call.wav, so it was not queued. Try again." in (
        response.content.decode())
    assert not QueuedUpload.objects.exists() and not queued().exists()
    assert list(private_dirs.iterdir()) == []


def test_a_task_that_cannot_be_enqueued_leaves_no_row_and_no_staged_file(keyed, upstream,
                                                                         monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("the queue's table is locked")

    monkeypatch.setattr("apps.recordings.ingest.queue.enqueue", broken)
    fake_projects(upstream)

    response = queue_one(keyed)

    assert response.status_code == 503
    assert "could not store call.wav, so it was not queued" in response.content.decode()
    assert not QueuedUpload.objects.exists()
    assert default_storage.listdir("queued") == ([], [])


def test_a_project_the_key_cannot_reach_is_refused_on_the_form(keyed, upstream):
    fake_projects(upstream)

    response = queue_one(keyed, project="77")

    assert response.status_code == 422
    assert "Project: Select a valid choice. 77 is not one of the available choices." in (
        response.content.decode())
    assert not QueuedUpload.objects.exists()


def test_queueing_needs_the_csrf_header(user, upstream):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = queue_one(client)

    assert response.status_code == 403
    assert not QueuedUpload.objects.exists()

    fake_projects(upstream)
    token = client.get("/recordings/upload/").cookies["csrftoken"].value
    assert queue_one(client, headers={"X-CSRFToken": token}).status_code == 202


def test_queueing_needs_a_login(client):
    response = queue_one(client)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- The recordings page's block ------------------------------------------------------------


def test_the_list_shows_my_uploads_in_progress_and_polls_while_any_is_active(keyed, upstream,
                                                                          user):
    make_row(user, status=Status.QUEUED, name="waiting.wav", message="Waiting for the console.")
    make_row(user, status=Status.FAILED, name="broken.wav", message="IdentityCall refused it.")
    make_row(user, status=Status.SENT, name="done.wav", staged=False, recording_key="rec-1",
             message="done.wav was uploaded.")

    html = list_page(keyed, upstream).content.decode()

    block = html.split('id="queued-uploads"')[1].split("</section>")[0]
    assert "Your uploads in progress" in block
    assert "1 queued, 1 sent, 1 failed." in block
    assert 'hx-trigger="every 3s"' in block
    assert "Not sent.</span> IdentityCall refused it." in block
    assert 'href="/recordings/rec-1/"' in block
    assert block.count(">Retry<") == 1 and block.count(">Dismiss<") == 1  # the failed one
    assert "Clear the sent ones" in block


def test_nothing_active_means_no_polling(keyed, upstream, user):
    make_row(user, status=Status.FAILED)

    html = list_page(keyed, upstream).content.decode()

    assert "Your uploads in progress" in html
    assert "hx-trigger=\"every" not in html.split('id="queued-uploads"')[1].split("</section>")[0]


def test_another_users_uploads_never_appear_and_cannot_be_touched(keyed, upstream, user):
    other = make_user("bea")
    theirs = make_row(other, status=Status.FAILED, name="bea-private.wav")
    make_row(other, status=Status.QUEUED, name="bea-queued.wav")

    html = list_page(keyed, upstream).content.decode()
    poll = keyed.get(BLOCK, headers={"HX-Request": "true"}).content.decode()
    retried = keyed.post(f"/recordings/uploads/{theirs.id}/retry/")
    dismissed = keyed.post(f"/recordings/uploads/{theirs.id}/dismiss/")

    assert "bea-" not in html and "Your uploads in progress" not in html
    assert "bea-" not in poll
    assert retried.status_code == 404 and dismissed.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.FAILED and default_storage.exists(theirs.staged_name)
    assert not queued().exists()


def test_the_poll_answers_the_block_and_tells_the_table_when_more_were_sent(keyed, user):
    make_row(user, status=Status.SENDING, name="going.wav")
    make_row(user, status=Status.SENT, name="gone.wav", staged=False)

    same = keyed.get(BLOCK + "?sent=1", headers={"HX-Request": "true"})
    more = keyed.get(BLOCK + "?sent=0", headers={"HX-Request": "true"})

    assert "going.wav" in same.content.decode() and "HX-Trigger" not in same
    assert json.loads(more["HX-Trigger"]) == {"queuedUploadsSent": {}}


def test_the_block_alone_is_only_for_htmx(keyed):
    response = keyed.get(BLOCK)

    assert response.status_code == 302 and response["Location"] == "/recordings/"


# ---- Retry and Dismiss ----------------------------------------------------------------------


def test_retry_queues_a_failed_upload_again_with_the_current_key(keyed, user):
    row = make_row(user, status=Status.FAILED, attempts=6, message="Gave up.")

    response = keyed.post(f"/recordings/uploads/{row.id}/retry/")

    assert response.status_code == 302 and response["Location"] == "/recordings/"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.QUEUED, 0)
    assert row.key_fingerprint != "f" * 40  # now the current key's
    assert [task.args_kwargs["args"] for task in queued()] == [[str(row.id)]]
    assert keyed.post(f"/recordings/uploads/{row.id}/retry/").status_code == 302  # a double click
    assert queued().count() == 1  # … queues it once


def test_retry_with_htmx_answers_the_block(keyed, user):
    row = make_row(user, status=Status.FAILED)

    response = keyed.post(f"/recordings/uploads/{row.id}/retry/", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "call.wav is queued again." in html and 'hx-trigger="every 3s"' in html


def test_a_failed_upload_without_its_file_cannot_be_retried(keyed, user):
    row = make_row(user, status=Status.FAILED, staged=False)

    response = keyed.post(f"/recordings/uploads/{row.id}/retry/", headers={"HX-Request": "true"})

    assert response.status_code == 409
    assert "It is not waiting for a retry" in response.content.decode()
    assert not queued().exists()


def test_dismiss_removes_a_failed_upload_and_its_staged_file(keyed, user):
    row = make_row(user, status=Status.FAILED)

    response = keyed.post(f"/recordings/uploads/{row.id}/dismiss/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "call.wav was removed from your uploads." in response.content.decode()
    assert not QueuedUpload.objects.exists()
    assert not default_storage.exists(row.staged_name)


def test_clear_forgets_only_my_sent_uploads(keyed, user):
    mine = make_row(user, status=Status.SENT, staged=False)
    failed = make_row(user, status=Status.FAILED, name="failed.wav")
    theirs = make_row(make_user("bea"), status=Status.SENT, staged=False)

    response = keyed.post("/recordings/uploads/clear-sent/", headers={"HX-Request": "true"})

    assert "1 sent upload cleared from the list." in response.content.decode()
    assert set(QueuedUpload.objects.values_list("pk", flat=True)) == {failed.pk, theirs.pk}
    assert mine.pk not in QueuedUpload.objects.values_list("pk", flat=True)


def test_a_queued_upload_cannot_be_dismissed(keyed, user):
    row = make_row(user, status=Status.QUEUED)

    response = keyed.post(f"/recordings/uploads/{row.id}/dismiss/")

    assert response.status_code == 302
    assert QueuedUpload.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("action", ["{id}/retry", "{id}/dismiss", "clear-sent"])
def test_retry_dismiss_and_clear_need_the_csrf_token_and_a_post(user, action):
    give_key(user)
    row = make_row(user, status=Status.FAILED)
    sent = make_row(user, status=Status.SENT, staged=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = f"/recordings/uploads/{action.format(id=row.id)}/"

    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    row.refresh_from_db()
    assert row.status == Status.FAILED and QueuedUpload.objects.filter(pk=sent.pk).exists()


def test_a_retried_upload_is_sent_by_the_worker_with_the_new_key(client, upstream, user):
    give_key(user, OTHER_KEY)
    client.force_login(user)
    row = make_row(user, status=Status.FAILED, message="Your API key changed")
    fake_projects(upstream)
    sent = fake_upload(upstream)

    client.post(f"/recordings/uploads/{row.id}/retry/")
    run_queued()

    row.refresh_from_db()
    assert row.status == Status.SENT and len(sent) == 1
    assert upstream.calls[-1].request.headers["Authorization"] == f"Bearer {OTHER_KEY}"


def test_a_key_that_sees_one_project_queues_for_that_project(keyed, upstream):
    # The form fixes the project (its field is disabled, so upload.js does not send it).
    fake_projects(upstream, [project_json(id=9, name="Only one", language="lt")])

    response = queue_one(keyed, project="")

    assert response.status_code == 202
    assert QueuedUpload.objects.get().fields["project"] == "9"
