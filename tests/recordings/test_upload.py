"""Uploading recordings: checks before sending, external ids, streaming from temp files, errors."""

import hashlib
import io
import json
import os
from urllib.parse import urlencode

import pytest
import requests
from django.contrib.messages import get_messages
from django.test import Client

from apps.identitycall.resources import Project, Recording, UploadResult
from apps.recordings.ingest import storage
from apps.recordings.ingest import rules
from apps.recordings.models import StoredAudio
from tests import transport_faults
from tests.factories import BASE, give_key, make_user
from tests.recordings.conftest import project_json
from tests.recordings.uploading import (
    NEW_REF,
    ONE_FILE,
    PAGE,
    PROJECTS,
    WAV,
    WAV_SHA,
    RelayingClient,
    fake_projects,
    fake_upload,
    form,
    send_one,
    wav,
)

# Temp uploads and kept copies in each test's own folders (tests/recordings/conftest.py).
pytestmark = pytest.mark.usefixtures("private_dirs")


# ---- The page -------------------------------------------------------------------------------


def test_the_form_offers_the_users_projects_and_the_documented_languages(keyed, upstream):
    fake_projects(upstream)

    response = keyed.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'data-upload-url="/recordings/upload/file/"' in html
    assert '<option value="" selected>Choose a project</option>' in html
    assert '<option value="2" data-language="lt">Sales LT</option>' in html
    for code, label in [("en", "English"), ("ja", "Japanese"), ("zh", "Chinese"), ("lt", "Lithuanian")]:
        assert f'<option value="{code}">{label}</option>' in html
    assert 'accept=".mp3,.m4a,.ogg,.webm,.wav,.flac"' in html
    assert "multiple" in html
    limits = json.loads(html.split('data-limits="')[1].split('"')[0].replace("&quot;", '"'))
    assert limits["wav"] == 500 * 1024 * 1024 and limits["mp3"] == 100 * 1024 * 1024


def test_a_key_that_sees_one_project_gets_it_preselected_and_fixed(keyed, upstream):
    fake_projects(upstream, [project_json(id=9, name="Only one", language="lt")])

    html = keyed.get(PAGE).content.decode()

    assert '<select name="project"' in html and "disabled" in html.split('<select name="project"')[1].split(">")[0]
    assert '<option value="9" selected data-language="lt">Only one</option>' in html
    assert '<option value="lt" selected>Lithuanian</option>' in html
    assert "Your API key works with this project only." in html


def test_a_key_without_projects_is_told_to_create_one_first(keyed, upstream):
    fake_projects(upstream, [])

    html = keyed.get(PAGE).content.decode()

    assert "No project to upload into" in html
    assert "<form class=\"form upload-form\"" not in html


def test_a_project_language_outside_the_documented_list_is_still_offered(keyed, upstream):
    fake_projects(upstream, [*PROJECTS, project_json(id=3, name="Svenska", language="sv")])

    html = keyed.get(PAGE).content.decode()

    assert '<option value="sv">sv</option>' in html


# ---- One file (upload.js) -------------------------------------------------------------------


def test_a_file_is_sent_with_its_fields_and_an_external_id_from_its_content(keyed, upstream, private_dirs):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = send_one(keyed, project="2")

    html = response.content.decode()
    assert response.status_code == 201
    assert 'data-upload-result="created"' in html
    assert f'href="/recordings/{NEW_REF}/"' in html
    assert sent == [{
        "project_id": "2",
        "language": "lt",  # the project's language, as none was chosen
        "external_id": "console-" + WAV_SHA[:32],
        "file": ("call.wav", WAV),
    }]
    assert list(private_dirs.iterdir()) == []  # the temp file is gone


def test_an_upload_keeps_a_copy_for_playback(keyed, upstream, user):
    fake_projects(upstream)
    fake_upload(upstream)

    send_one(keyed)

    stored = StoredAudio.objects.get(recording_key=NEW_REF)
    assert stored.sha256 == WAV_SHA
    assert stored.uploaded_by == user
    assert stored.original_name == "call.wav"
    assert stored.file.read() == WAV


def test_a_copy_that_cannot_be_kept_does_not_fail_the_upload(keyed, upstream, monkeypatch):
    def full_disk(**kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("apps.recordings.ingest.sending.storage.keep_copy", full_disk)
    fake_projects(upstream)
    fake_upload(upstream)

    response = send_one(keyed)

    assert response.status_code == 201
    assert "it cannot be played here" in response.content.decode()


def test_the_same_file_again_is_answered_already_uploaded(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream, status=200)

    response = send_one(keyed)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-upload-result="replayed"' in html
    assert "Already uploaded." in html
    assert f'href="/recordings/{NEW_REF}/"' in html
    assert sent[0]["external_id"] == "console-" + WAV_SHA[:32]


def test_a_chosen_language_name_and_external_id_are_sent_as_given(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    send_one(keyed, language="de", name="Call with Jonas", external_id="crm-call-abc-123")

    assert sent[0]["language"] == "de"
    assert sent[0]["name"] == "Call with Jonas"
    assert sent[0]["external_id"] == "crm-call-abc-123"


def test_fields_in_any_script_arrive_intact_through_the_header(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = send_one(keyed, "skambutis-ąčę.wav", name="Pokalbis su Ūla – 通话 & <b>", external_id="crm/ą 1")

    assert response.status_code == 201
    assert sent[0]["name"] == "Pokalbis su Ūla – 通话 & <b>"
    assert sent[0]["external_id"] == "crm/ą 1"
    assert sent[0]["file"] == ("skambutis-ąčę.wav", WAV)


def test_in_a_batch_each_file_gets_its_own_external_id_and_name(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    send_one(keyed, "monday.wav", name="Week 12", external_id="crm-7", batch_size="3")

    assert sent[0]["external_id"] == "crm-7-" + WAV_SHA[:12]
    assert sent[0]["name"] == "Week 12 – monday"


@pytest.mark.parametrize(
    ("filename", "sentence"),
    [
        ("notes.txt", "notes.txt is not an audio file IdentityCall accepts"),
        ("noextension", "noextension is not an audio file IdentityCall accepts"),
        ("call.WAV.exe", "call.WAV.exe is not an audio file"),
    ],
)
def test_a_file_of_another_type_is_refused_before_it_is_sent(keyed, upstream, private_dirs, filename, sentence):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = send_one(keyed, filename)

    assert response.status_code == 422
    assert sentence in response.content.decode()
    assert sent == []
    assert list(private_dirs.iterdir()) == []


def test_a_file_over_its_formats_limit_is_refused_before_it_is_read(keyed, upstream, monkeypatch, private_dirs):
    monkeypatch.setitem(rules.MAX_BYTES, "mp3", 1024 * 1024)
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = send_one(keyed, "long.mp3", b"\xff" * (1024 * 1024 + 1))

    assert response.status_code == 422
    assert "long.mp3 is 1.0\xa0MB; IdentityCall accepts MP3 files up to 1 MB." in response.content.decode()
    assert sent == []
    assert list(private_dirs.iterdir()) == []


def test_an_empty_file_is_refused(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = send_one(keyed, "silence.wav", b"")

    assert response.status_code == 422
    assert "silence.wav is empty." in response.content.decode()
    assert sent == []


def test_a_project_the_key_does_not_see_is_refused(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = send_one(keyed, project="99")

    html = response.content.decode()
    assert response.status_code == 422
    assert "Project: Select a valid choice." in html or "Project: Choose one of your projects." in html
    assert sent == []


def test_a_project_scoped_key_always_uploads_into_its_own_project(keyed, upstream):
    fake_projects(upstream, [project_json(id=9, name="Only one", language="lt")])
    sent = fake_upload(upstream)

    send_one(keyed, project="1")

    assert sent[0]["project_id"] == "9"
    assert sent[0]["language"] == "lt"


@pytest.mark.parametrize(
    ("status", "body", "answer", "sentence"),
    [
        (422, {"error": "Invalid file type"}, 422, "IdentityCall refused call.wav: Invalid file type"),
        (422, {"errors": ["File too large", "Name is too long"]}, 422,
         "IdentityCall refused call.wav: File too large; Name is too long"),
        (400, {"error": "file is required"}, 400, "IdentityCall refused call.wav: file is required"),
        (403, {"error": "Write permission required"}, 403,
         "Your API key is read-only: it does not have write permission, so it cannot upload."),
        (403, {"error": "Forbidden"}, 403,
         "Your API key is limited to one project, so it cannot upload to this one"),
        (429, {"error": "Slow down"}, 429, "rate limiting requests; call.wav was not uploaded. Try again in 60 seconds."),
        (500, "<html>oops</html>", 502,
         "IdentityCall answered with an error, so call.wav may or may not have been stored."),
        (401, {"error": "Invalid or expired API key"}, 401, "IdentityCall rejected your API key."),
    ],
)
def test_an_upstream_refusal_becomes_that_files_error(keyed, upstream, private_dirs, status, body, answer, sentence):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", status=status,
                  **({"json": body} if isinstance(body, dict) else {"body": body}))

    response = send_one(keyed)

    html = response.content.decode()
    assert response.status_code == answer
    assert sentence in html
    assert "oops" not in html
    assert not StoredAudio.objects.exists()
    assert list(private_dirs.iterdir()) == []


def test_identitycall_unreachable_says_the_file_was_not_uploaded(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())

    response = send_one(keyed)

    assert response.status_code == 502
    assert "IdentityCall is unreachable; call.wav was not uploaded. Try again." in response.content.decode()


def test_a_timeout_says_sending_again_is_safe(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=requests.Timeout("slow"))

    response = send_one(keyed)

    assert response.status_code == 504
    assert "Sending it again is safe" in response.content.decode()


def test_the_projects_being_unavailable_is_that_files_error(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=429, json={"error": "Slow down"}, headers={"Retry-After": "5"})

    response = send_one(keyed)

    assert response.status_code == 429
    assert 'data-upload-result="failed"' in response.content.decode()
    assert "try again in 5 seconds" in response.content.decode()


def test_without_javascript_files_are_streamed_from_their_temp_files_not_memory(keyed, monkeypatch, private_dirs):
    seen = {}

    class FakeClient:
        def list_projects(self):
            return [Project(id=1, name="P", language="en")]

        def upload_recording(self, file, **fields):
            seen["type"] = type(file)
            seen["name"] = getattr(file, "name", None)
            seen["content"] = file.read()
            seen["fields"] = fields
            return UploadResult(Recording(id=5, public_id=NEW_REF, name="call"), created=True)

    monkeypatch.setattr("apps.recordings.views.upload.client_for", lambda user: FakeClient())

    response = keyed.post(PAGE, form(files=wav()))

    assert response.status_code == 302
    assert issubclass(seen["type"], io.BufferedReader)
    assert seen["name"].startswith(str(private_dirs))
    assert seen["content"] == WAV
    assert seen["fields"]["filename"] == "call.wav"


def test_a_file_goes_on_to_identitycall_while_it_is_still_arriving(keyed, monkeypatch, private_dirs):
    content = bytes(range(256)) * 4096 * 20  # 20 MiB
    fake = RelayingClient(private_dirs)
    monkeypatch.setattr("apps.recordings.views.upload.client_for", lambda user: fake)

    response = send_one(keyed, "long.wav", content)

    assert response.status_code == 201
    assert fake.received == content and fake.size == len(content)
    # The first chunk went on while most of the file had not been received yet, and no chunk
    # was larger than 1 MiB: memory holds a few chunks, never the file.
    assert fake.on_disk_at_first_chunk < len(content) // 2
    assert max(fake.chunk_sizes) <= 1024 * 1024
    assert fake.external_id == "console-" + hashlib.sha256(content).hexdigest()[:32]
    assert fake.fields["filename"] == "long.wav"
    assert StoredAudio.objects.get(recording_key=NEW_REF).file.read() == content
    assert list(private_dirs.iterdir()) == []  # moved into storage, nothing left behind


def test_a_large_upload_hands_its_written_pages_back_to_the_system_as_it_goes(keyed, monkeypatch, private_dirs, advice):
    # The temp file is written once and rarely read again: every 8 MiB written, the kernel is
    # told to write it out and drop it from the page cache, so system memory does not fill up
    # with the file either (and the content is still whole afterwards).
    content = bytes(range(256)) * 4096 * 20  # 20 MiB
    fake = RelayingClient(private_dirs)
    monkeypatch.setattr("apps.recordings.views.upload.client_for", lambda user: fake)
    response = send_one(keyed, "long.wav", content)

    assert response.status_code == 201
    mib = 1024 * 1024
    assert advice == [(8 * mib, 0, 0, os.POSIX_FADV_DONTNEED), (16 * mib, 0, 0, os.POSIX_FADV_DONTNEED)]
    assert StoredAudio.objects.get(recording_key=NEW_REF).file.read() == content


@pytest.mark.parametrize("system", ["no posix_fadvise", "posix_fadvise refused"])
def test_where_the_system_cannot_drop_cached_pages_uploads_still_work(keyed, monkeypatch, private_dirs, system):
    content = bytes(range(256)) * 4096 * 10  # 10 MiB
    fake = RelayingClient(private_dirs)
    monkeypatch.setattr("apps.recordings.views.upload.client_for", lambda user: fake)
    if system == "no posix_fadvise":
        monkeypatch.delattr("apps.recordings.ingest.receiving.os.posix_fadvise")
    else:
        def refused(*args):
            raise OSError(22, "Invalid argument")

        monkeypatch.setattr("apps.recordings.ingest.receiving.os.posix_fadvise", refused)

    response = send_one(keyed, "long.wav", content)

    assert response.status_code == 201
    assert fake.received == content
    assert StoredAudio.objects.get(recording_key=NEW_REF).file.read() == content


def test_when_relaying_breaks_the_file_is_sent_again_from_disk_with_the_same_external_id(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=requests.ConnectionError("reset while sending"))
    sent = fake_upload(upstream)

    response = send_one(keyed)

    assert response.status_code == 201
    assert 'data-upload-result="created"' in response.content.decode()
    assert sent == [{"project_id": "1", "language": "en", "file": ("call.wav", WAV),
                     "external_id": "console-" + WAV_SHA[:32]}]
    assert StoredAudio.objects.get(recording_key=NEW_REF).sha256 == WAV_SHA


def test_a_503_while_relaying_is_sent_again_from_disk(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", status=503, body="")
    sent = fake_upload(upstream, status=200)

    response = send_one(keyed)

    assert response.status_code == 200
    assert 'data-upload-result="replayed"' in response.content.decode()
    assert len(sent) == 1


def test_a_connect_timeout_while_relaying_is_sent_again_from_disk(keyed, upstream):
    # Nothing left the console, so it is a failure to reach IdentityCall (exc.retryable), like a
    # refused connection; a read timeout is not (test_a_timeout_says_sending_again_is_safe).
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.connect_timeout())
    sent = fake_upload(upstream)

    response = send_one(keyed)

    assert response.status_code == 201
    assert 'data-upload-result="created"' in response.content.decode()
    assert len(sent) == 1


def test_a_read_timeout_while_relaying_is_not_sent_again(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.read_timeout())
    sent = fake_upload(upstream)

    response = send_one(keyed)

    assert response.status_code == 504
    assert sent == []


def test_an_upload_that_keeps_failing_is_tried_at_most_three_times_in_all(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=requests.ConnectionError("refused"))

    response = send_one(keyed)

    posts = [call for call in upstream.calls if call.request.method == "POST"]
    assert response.status_code == 502
    assert len(posts) == 3  # the relayed attempt and two from disk (docs/api-decisions.md, "Retries")


def test_a_file_that_stops_arriving_is_not_uploaded(keyed, upstream, private_dirs):
    fake_projects(upstream)
    sent = fake_upload(upstream)
    header = urlencode(form(filename="call.wav"))

    # Content-Length promises more than the body holds: the browser went away mid-file.
    response = keyed.post(ONE_FILE, data=WAV, content_type="application/octet-stream",
                          headers={"X-Upload-Fields": header}, CONTENT_LENGTH=str(len(WAV) * 4))

    assert response.status_code == 400
    assert "call.wav did not arrive whole, so it was not uploaded." in response.content.decode()
    assert sent == []
    assert not StoredAudio.objects.exists()
    assert list(private_dirs.iterdir()) == []


def test_without_the_csrf_header_nothing_is_read_or_sent(user, upstream):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    sent = fake_upload(upstream)

    response = send_one(client)

    assert response.status_code == 403
    assert sent == []


def test_with_the_csrf_header_the_file_is_accepted(user, upstream):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    token = client.get(PAGE_WITH_PROJECTS(upstream)).cookies["csrftoken"].value
    sent = fake_upload(upstream)

    response = client.post(ONE_FILE, data=WAV, content_type="application/octet-stream",
                           headers={"X-Upload-Fields": urlencode(form(filename="call.wav")),
                                    "X-CSRFToken": token})

    assert response.status_code == 201
    assert len(sent) == 1


def PAGE_WITH_PROJECTS(upstream):  # noqa: N802  (reads as the address it returns)
    fake_projects(upstream)
    return PAGE


def test_the_no_javascript_form_needs_the_csrf_token(user, upstream):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    sent = fake_upload(upstream)

    response = client.post(PAGE, form(files=wav()))

    assert response.status_code == 403
    assert sent == []


def test_the_single_file_address_takes_the_file_as_the_body_not_a_form(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(ONE_FILE, form(files=[wav("a.wav"), wav("b.wav", WAV + b"x")]))

    assert response.status_code == 400
    assert "Send one file as the body of the request." in response.content.decode()
    assert sent == []


def test_the_single_file_address_only_takes_posts(keyed):
    assert keyed.get(ONE_FILE).status_code == 405


# ---- Several files without JavaScript -------------------------------------------------------


def test_without_javascript_all_files_uploaded_go_to_the_list_with_a_message_each(keyed, upstream):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(PAGE, form(files=[wav("a.wav"), wav("b.wav", WAV + b"b")]))

    assert response.status_code == 302
    assert response["Location"] == "/recordings/"
    assert len(sent) == 2
    assert sent[0]["external_id"] != sent[1]["external_id"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "a.wav was uploaded as “call”; IdentityCall is processing it.",
        "b.wav was uploaded as “call”; IdentityCall is processing it.",
    ]


def test_without_javascript_a_refused_file_is_listed_and_the_form_keeps_its_values(keyed, upstream, private_dirs):
    fake_projects(upstream)
    sent = fake_upload(upstream)

    response = keyed.post(
        PAGE,
        form(files=[wav("notes.txt"), wav("call.wav")], project="2", name="Keep me", external_id="crm-1"),
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "notes.txt is not an audio file IdentityCall accepts" in html
    assert "Uploaded." in html and f'href="/recordings/{NEW_REF}/"' in html
    assert 'value="Keep me"' in html and 'value="crm-1"' in html
    assert '<option value="2" selected data-language="lt">Sales LT</option>' in html
    assert "choose the files that were not uploaded again" in html
    assert len(sent) == 1
    assert list(private_dirs.iterdir()) == []


def test_without_javascript_no_file_chosen_is_a_field_error(keyed, upstream):
    fake_projects(upstream)

    response = keyed.post(PAGE, form(name="Kept"))

    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose at least one audio file." in html
    assert 'value="Kept"' in html


def test_without_javascript_identitycall_down_keeps_the_form(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", status=503, body="down")

    response = keyed.post(PAGE, form(files=wav(), name="Kept", project="2"))

    html = response.content.decode()
    assert response.status_code == 422
    assert "IdentityCall answered with an error, so call.wav may or may not have been stored." in html
    assert 'value="Kept"' in html


# ---- Already uploaded: a replay never plants audio under someone else's recording ------------

OTHER_WAV = b"RIFF$\x00\x00\x00WAVEfmt " + bytes(reversed(range(256))) * 8


def kept_by_someone_else(content=OTHER_WAV):
    """Keep `content` as recording 501's audio, uploaded earlier through the console by grace."""
    grace = make_user("grace")
    recording = Recording(id=501, public_id=NEW_REF)
    copy = storage.keep_copy(recording=recording, file=wav("theirs.wav", content),
                           original_name="theirs.wav", sha256=hashlib.sha256(content).hexdigest(),
                           user=grace)
    return copy


def media_files(tmp_path):
    return sorted(path for path in (tmp_path / "media").rglob("*") if path.is_file())


def test_a_database_error_keeping_the_copy_leaves_no_file_and_does_not_fail_the_upload(
    keyed, upstream, monkeypatch, private_dirs, tmp_path
):
    from django.db import OperationalError

    def database_down(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(StoredAudio, "save", database_down)
    fake_projects(upstream)
    fake_upload(upstream)

    response = send_one(keyed)

    html = response.content.decode()
    assert response.status_code == 201
    assert "The console could not keep its own copy, so it cannot be played here." in html
    assert media_files(tmp_path) == []  # the moved file is not left behind without its row
    assert list(private_dirs.iterdir()) == []


def test_a_replay_of_a_recording_without_a_copy_keeps_none(keyed, upstream, private_dirs, tmp_path):
    # IdentityCall answers 200 with a recording the console holds no audio for (made elsewhere,
    # or its copy expired): these bytes may not be that recording's, so they are not kept.
    fake_projects(upstream)
    fake_upload(upstream, status=200)

    response = send_one(keyed, external_id="crm-call-7")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Already uploaded." in html
    assert "IdentityCall already has a recording with the external ID “crm-call-7”" in html
    assert "keeps no audio of that recording, so it cannot be played here" in html
    assert not StoredAudio.objects.exists()
    assert media_files(tmp_path) == []
    assert list(private_dirs.iterdir()) == []


def test_a_replay_with_different_bytes_says_so_and_leaves_the_first_copy(keyed, upstream, private_dirs, tmp_path):
    theirs = kept_by_someone_else()
    fake_projects(upstream)
    fake_upload(upstream, status=200)

    response = send_one(keyed, external_id="crm-call-7")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-upload-result="replayed"' in html
    assert ("IdentityCall already has a recording with the external ID “crm-call-7”, so this one "
            "was not stored") in html
    assert ("That recording was made from a different file, and its audio stays as it was. To "
            "upload call.wav as a recording of its own, give it another external ID.") in html
    assert "already has this file" not in html
    stored = StoredAudio.objects.get()
    assert (stored.pk, stored.sha256, stored.file.read()) == (theirs.pk, theirs.sha256, OTHER_WAV)
    assert len(media_files(tmp_path)) == 1
    assert list(private_dirs.iterdir()) == []


def test_a_replay_of_the_same_bytes_keeps_the_copy_playable(keyed, upstream):
    kept_by_someone_else(WAV)
    fake_projects(upstream)
    fake_upload(upstream, status=200)

    response = send_one(keyed)

    html = response.content.decode()
    assert "IdentityCall already has this file, so it was not stored again" in html
    assert "cannot be played" not in html and "different file" not in html
    assert StoredAudio.objects.get().file.read() == WAV


def test_a_replay_after_relaying_broke_keeps_nothing_either(keyed, upstream, private_dirs, tmp_path):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", status=503, body="")
    fake_upload(upstream, status=200)

    response = send_one(keyed, external_id="crm-call-7")

    assert response.status_code == 200
    assert "cannot be played here" in response.content.decode()
    assert not StoredAudio.objects.exists()
    assert media_files(tmp_path) == [] and list(private_dirs.iterdir()) == []


def test_without_javascript_a_replay_with_different_bytes_keeps_the_first_copy(keyed, upstream, private_dirs):
    kept_by_someone_else()
    fake_projects(upstream)
    fake_upload(upstream, status=200)

    response = keyed.post(PAGE, form(files=wav(), external_id="crm-call-7"))

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "call.wav was not stored: IdentityCall already has “call” with the external ID "
        "“crm-call-7”. That recording was made from a different file, and its audio stays as it "
        "was. To upload call.wav as a recording of its own, give it another external ID."
    ]
    assert StoredAudio.objects.get().file.read() == OTHER_WAV
    assert list(private_dirs.iterdir()) == []


def test_without_javascript_a_replay_without_a_copy_keeps_none(keyed, upstream, private_dirs, tmp_path):
    fake_projects(upstream)
    fake_upload(upstream, status=200)

    response = keyed.post(PAGE, form(files=wav()))

    assert response.status_code == 302
    message = [str(m) for m in get_messages(response.wsgi_request)][0]
    assert message.startswith("call.wav was already uploaded as “call”; it was not stored again.")
    assert "cannot be played here" in message
    assert not StoredAudio.objects.exists()
    assert media_files(tmp_path) == []


# ---- A failure whose outcome is unknown is not "nothing was changed" --------------------------

MAYBE = "may or may not have been stored. Sending it again is safe: it will not be stored twice."
DROPPED = f"The connection to IdentityCall broke before it answered, so call.wav {MAYBE}"
NOT_UPLOADED = "IdentityCall is unreachable; call.wav was not uploaded. Try again."


def test_a_500_says_the_file_may_or_may_not_have_been_stored(keyed, upstream, private_dirs):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", status=500, body="<html>oops</html>")

    response = send_one(keyed)

    html = response.content.decode()
    assert response.status_code == 502
    assert f"IdentityCall answered with an error, so call.wav {MAYBE}" in html
    assert "Not confirmed." in html and 'data-upload-result="unconfirmed"' in html
    assert "was not uploaded" not in html and "Not uploaded." not in html
    assert not StoredAudio.objects.exists()
    assert list(private_dirs.iterdir()) == []


def test_without_javascript_a_500_says_sending_again_is_safe(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", status=500, body="")

    response = keyed.post(PAGE, form(files=wav(), name="Kept"))

    html = response.content.decode()
    assert response.status_code == 422
    assert f"call.wav {MAYBE}" in html and "was not uploaded" not in html
    assert 'value="Kept"' in html


def test_a_connection_dropped_after_sending_says_the_file_may_have_been_stored(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.dropped())

    response = send_one(keyed)

    html = response.content.decode()
    assert response.status_code == 502
    assert DROPPED in html and "was not uploaded" not in html


def test_a_connection_refused_before_sending_says_the_file_was_not_uploaded(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())

    response = send_one(keyed)

    html = response.content.decode()
    assert response.status_code == 502
    assert NOT_UPLOADED in html and "Not uploaded." in html
    assert 'data-upload-result="failed"' in html


def test_a_relayed_send_that_may_have_arrived_stays_unknown_when_the_resends_are_refused(keyed, upstream):
    # The relayed attempt broke after it went; the re-sends from disk could not even connect.
    # The first attempt may have stored the file, so "not uploaded" would be wrong.
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.dropped())
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())

    response = send_one(keyed)

    posts = [call for call in upstream.calls if call.request.method == "POST"]
    assert len(posts) == 3
    assert DROPPED in response.content.decode()


@pytest.mark.parametrize(("status", "body"), [
    (429, {"error": "Rate limit exceeded"}),
    (404, {"error": "Project not found"}),
    (401, {"error": "Invalid API key"}),
])
def test_a_relayed_send_that_may_have_arrived_stays_unknown_when_a_resend_is_answered_no(
    keyed, upstream, status, body
):
    # An answer about the re-send (its rate, its key, its project) says nothing of what the
    # relayed attempt stored.
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.dropped())
    upstream.post(f"{BASE}/recordings", status=status, json=body, headers={"Retry-After": "0"})

    response = send_one(keyed)

    html = response.content.decode()
    assert DROPPED in html and "was not uploaded" not in html
    assert 'data-upload-result="unconfirmed"' in html


def test_a_relayed_send_that_may_have_arrived_is_refused_when_the_resend_is_invalid(
    keyed, upstream
):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.dropped())
    upstream.post(f"{BASE}/recordings", status=422,
                  json={"error": "Validation failed", "errors": ["Audio format not supported"]})

    response = send_one(keyed)

    html = response.content.decode()
    assert "IdentityCall refused call.wav: Audio format not supported" in html
    assert "may or may not" not in html


def test_without_javascript_a_connection_refused_says_not_uploaded(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.refused())

    response = keyed.post(PAGE, form(files=wav()))

    assert NOT_UPLOADED in response.content.decode()


def test_a_connect_timeout_says_the_file_was_not_uploaded(keyed, upstream):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", body=transport_faults.connect_timeout())

    response = send_one(keyed)

    html = response.content.decode()
    assert "call.wav was not uploaded" in html and "may or may not" not in html


def test_a_409_says_what_conflicts_and_that_nothing_was_stored(keyed, upstream, private_dirs):
    fake_projects(upstream)
    upstream.post(f"{BASE}/recordings", status=409,
                  json={"error": "Recording with this external_id is still being received"})

    response = send_one(keyed, external_id="crm-9")

    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-upload-result="rejected"' in html
    assert ("IdentityCall refused call.wav: it conflicts with what IdentityCall holds "
            "(Recording with this external_id is still being received). It was not stored.") in html
    assert not StoredAudio.objects.exists()
    assert list(private_dirs.iterdir()) == []
