"""Issue 14's loose ends: upload links pre-fill the project, a duplicate upload is "already
uploaded" in the activity trail, and speakers carry the one mapping's names in the list and the
transcript search."""

import re

from apps.audit.models import AuditEvent
from apps.recordings.models import SpeakerName
from apps.recordings.speakers import names_from_list
from tests.factories import BASE
from tests.recordings.conftest import page_json, recording_json
from tests.recordings.test_detail import fake_upstream
from tests.recordings.uploading import fake_projects, fake_upload, send_one

UPLOAD = "/recordings/upload/"
REF = "018f3a00-0000-7000-8000-000000001001"


def selected_project(html):
    match = re.search(r'<option value="(\d+)" selected[^>]*>', html.split('id="id_project"')[1])
    return match.group(1) if match else None


# --- pre-filled upload links --------------------------------------------------------------------


def test_an_upload_link_with_a_project_preselects_it_and_its_language(keyed, upstream):
    fake_projects(upstream)

    html = keyed.get(f"{UPLOAD}?project=2").content.decode()

    assert selected_project(html) == "2"
    assert re.search(r'<option value="lt" selected>', html)


def test_a_bad_project_in_the_link_is_ignored_without_an_error(keyed, upstream):
    fake_projects(upstream)
    for value in ("99", "abc", "2<script>", "١", ""):
        response = keyed.get(UPLOAD, {"project": value})
        assert response.status_code == 200
        assert selected_project(response.content.decode()) is None
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_the_list_filtered_to_a_project_uploads_into_it(keyed, upstream):
    fake_projects(upstream)
    upstream.get(f"{BASE}/recordings", json=page_json([]))

    html = keyed.get("/recordings/?project=2").content.decode()

    assert f'href="{UPLOAD}?project=2">Upload recordings</a>' in html


def test_a_recordings_page_links_to_an_upload_into_its_project(keyed, upstream):
    fake_upstream(upstream, project_id=1)

    html = keyed.get(f"/recordings/{REF}/").content.decode()

    assert f'href="{UPLOAD}?project=1">Upload to this project</a>' in html


# --- a duplicate upload in the activity trail ---------------------------------------------------


def test_a_duplicate_upload_is_logged_as_already_uploaded(keyed, upstream):
    fake_projects(upstream)
    fake_upload(upstream, status=200)

    send_one(keyed)

    event = AuditEvent.objects.get(action="recording.upload")
    assert event.label == "Upload of a recording already uploaded"
    assert event.outcome_text == "Already uploaded: not stored again"
    row = keyed.get("/settings/activity/").content.decode().split("<tbody>")[1]
    assert "Already uploaded" in row and "Uploaded recording" not in row
    assert "Succeeded" not in row


def test_a_stored_upload_is_still_logged_as_uploaded(keyed, upstream):
    fake_projects(upstream)
    fake_upload(upstream, status=201)

    send_one(keyed)

    event = AuditEvent.objects.get(action="recording.upload")
    assert (event.label, event.outcome_text) == ("Uploaded recording", "Succeeded")


# --- the list's speakers ------------------------------------------------------------------------


def test_list_names_come_from_the_one_mapping():
    assert names_from_list(["Speaker 1", "Speaker 2"]) == ["Speaker 1", "Speaker 2"]
    renamed = {"label:Speaker 1": "Marcus (agent)"}
    assert names_from_list(["Speaker 1", "Speaker 2"], renamed) == ["Marcus (agent)", "Speaker 2"]
    assert names_from_list(["  Ada  Agent ", ""]) == ["Ada Agent"]
    # Two speakers renamed alike are told apart, as on the recording's page.
    same = {"label:Speaker 1": "Sam", "label:Speaker 2": "Sam"}
    assert names_from_list(["Speaker 1", "Speaker 2"], same) == ["Sam (Speaker 1)", "Sam (Speaker 2)"]


def test_the_list_shows_the_names_users_gave_only_for_their_recording(keyed, upstream):
    fake_projects(upstream)
    mine = recording_json(id=1001, public_id=REF, speakers=["Speaker 1", "Speaker 2"])
    other = recording_json(id=1002, speakers=["Speaker 1", "Speaker 2"])
    upstream.get(f"{BASE}/recordings", json=page_json([mine, other]))
    SpeakerName.objects.create(recording_key=REF, speaker_key="label:Speaker 1", name="Marcus <b>")

    html = keyed.get("/recordings/").content.decode()

    rows = re.findall(r'<tr id="recording-row-[^"]+".*?</tr>', html, re.S)
    assert "Marcus &lt;b&gt;, Speaker 2" in rows[0]
    assert "Speaker 1, Speaker 2" in rows[1]


# --- the transcript search ----------------------------------------------------------------------


def test_the_transcript_search_finds_a_speaker_by_the_name_shown(keyed, upstream):
    fake_upstream(upstream)
    SpeakerName.objects.create(recording_key=REF, speaker_key="label:Speaker 1", name="Marcus")

    html = keyed.get(f"/recordings/{REF}/?q=marcus").content.decode()

    assert html.count('<span class="line__speaker"><mark>Marcus</mark></span>') == 2
    assert "2 matches for “marcus”" in html


def test_the_search_does_not_find_a_raw_label_a_speaker_was_renamed_from(keyed, upstream):
    fake_upstream(upstream)
    SpeakerName.objects.create(recording_key=REF, speaker_key="label:Speaker 1", name="Marcus")

    html = keyed.get(f"/recordings/{REF}/?q=Ada+Agent").content.decode()

    assert "No matches for “Ada Agent”" in html


def test_the_same_file_as_a_failed_recording_is_offered_a_retry(keyed, upstream):
    from tests.recordings.uploading import NEW_REF

    fake_projects(upstream)
    fake_upload(upstream, status=200, data=recording_json(id=501, public_id=NEW_REF,
                                                          name="call", status="failed"))

    html = send_one(keyed).content.decode()

    assert "Already uploaded." in html
    assert f'<a href="/recordings/{NEW_REF}/retry/">Retry it as a new recording</a>' in html


def test_a_few_letters_mark_what_was_said_not_every_speakers_name(keyed, upstream):
    fake_upstream(upstream)
    SpeakerName.objects.create(recording_key=REF, speaker_key="label:Speaker 1", name="Marcus")

    html = keyed.get(f"/recordings/{REF}/?q=mar").content.decode()

    assert "<mark>" not in "".join(re.findall(r'<span class="line__speaker">.*?</span>', html))


def test_a_word_of_a_renamed_speakers_name_finds_their_lines(keyed, upstream):
    fake_upstream(upstream)
    SpeakerName.objects.create(recording_key=REF, speaker_key="label:Speaker 1",
                               name="Marcus (agent)")

    html = keyed.get(f"/recordings/{REF}/?q=AGENT").content.decode()

    assert html.count('<span class="line__speaker">Marcus (<mark>agent</mark>)</span>') == 2


def test_the_list_finds_a_renamed_speaker_by_the_name_identitycall_gives_them(keyed, upstream):
    fake_upstream(upstream)  # Speaker 1 is Ada Agent's voice profile on the recording's page
    keyed.post(f"/recordings/{REF}/speakers/", {"key-0": "label:Speaker 1", "name-0": "Marcus",
                                                "key-1": "label:Speaker 2", "name-1": ""})
    assert SpeakerName.objects.get().known_as == ["Speaker 1", "Ada Agent"]
    listed = recording_json(id=1001, public_id=REF, speakers=["Ada Agent", "Customer"])
    upstream.get(f"{BASE}/recordings", json=page_json([listed]))

    html = keyed.get("/recordings/").content.decode()

    row = re.search(r'<tr id="recording-row-[^"]+".*?</tr>', html, re.S).group(0)
    assert "Marcus, Customer" in row
