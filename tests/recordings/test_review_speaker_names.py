"""Renaming a recording's speakers: kept per recording, seen only through a key that reads it,
used by every panel and export, recorded in the activity trail."""

import re

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.recordings.models import SpeakerName
from apps.recordings.renames import recording_identity
from apps.identitycall.resources import Recording
from tests.factories import BASE, OTHER_KEY, give_key, make_user
from tests.recordings.analysis_factories import summary_json
from tests.recordings.conftest import recording_json
from tests.recordings.test_detail import fake_upstream

REF = "018f3a00-0000-7000-8000-000000001001"
PAGE = f"/recordings/{REF}/"
FORM = f"/recordings/{REF}/speakers/"


def names_in_transcript(html):
    return re.findall(r'<span class="line__speaker">(.*?)</span>', html)


def rename(client, **names):
    """Post the form as a browser does: every speaker's key and typed name."""
    data = {"key-0": "label:Speaker 1", "name-0": names.get("first", ""),
            "key-1": "label:Speaker 2", "name-1": names.get("second", "")}
    return client.post(FORM, data)


def test_the_form_lists_each_speaker_with_identitycalls_name(keyed, upstream):
    fake_upstream(upstream, summary=summary_json(speakers=["Agent", "Customer"]))
    upstream.get(f"{BASE}/virtual_numbers", json={"data": []})

    html = keyed.get(FORM).content.decode()

    assert '<input type="hidden" name="key-0" value="label:Speaker 1">' in html
    assert "IdentityCall’s name: Ada Agent (voice profile)." in html
    assert "IdentityCall’s name: Customer (from the summary)." in html
    assert 'maxlength="60"' in html and "csrfmiddlewaretoken" in html


def test_a_rename_is_used_by_the_transcript_timeline_charts_summary_and_speakers(keyed, upstream):
    fake_upstream(upstream)

    response = rename(keyed, first="Marcus (agent)")

    assert response.status_code == 302 and response["Location"] == f"{PAGE}#speakers"
    html = keyed.get(PAGE).content.decode()
    assert names_in_transcript(html) == ["Marcus (agent)", "Speaker 2", "Marcus (agent)"]
    assert 'data-lane="Marcus (agent)"' in html  # the timeline
    assert "Marcus (agent): 0:07 (63%)" in html  # the talk-time chart's description
    assert 'class="summary__speaker speaker--0">Marcus (agent)</span>' in html
    assert "renamed in the console (IdentityCall: Ada Agent)" in html
    assert "Ada Agent" not in re.sub(r"\(IdentityCall: Ada Agent\)|Ada Agent \(voice", "", html)


def test_exports_use_the_names_users_gave(keyed, upstream):
    fake_upstream(upstream)
    rename(keyed, first="Marcus", second="Jane Caller")

    srt = keyed.get(f"/recordings/{REF}/export.srt").content.decode()

    assert "00:00:00,000 --> 00:00:04,500\nMarcus: Thank you for calling, this is Ada.\n" in srt
    assert "Jane Caller: Hi, my card was charged twice." in srt


def test_a_blank_name_goes_back_to_identitycalls_and_nothing_changed_says_so(keyed, upstream):
    fake_upstream(upstream)
    rename(keyed, first="Marcus")

    rename(keyed)

    assert not SpeakerName.objects.exists()
    assert names_in_transcript(keyed.get(PAGE).content.decode())[0] == "Ada Agent"
    response = rename(keyed)
    assert "No speaker name changed." in [str(m) for m in response.wsgi_request._messages]


def test_each_change_is_in_the_activity_trail(keyed, upstream, user):
    fake_upstream(upstream)

    rename(keyed, first="Marcus", second="Jane")
    rename(keyed, first="Marcus")

    events = list(AuditEvent.objects.order_by("id").values_list("action", "resource_id",
                                                                "detail", "status"))
    assert [(action, resource, detail["name"], status)
            for action, resource, detail, status in events] == [
        ("recording.update", REF, "Speaker 1 → Marcus", None),
        ("recording.update", REF, "Speaker 2 → Jane", None),
        ("recording.update", REF, "Speaker 2 → IdentityCall's name", None),
    ]
    activity = keyed.get("/settings/activity/").content.decode()
    assert "Speaker 1 → Marcus" in activity and "Changed speaker name" in activity


def test_names_for_speakers_the_recording_does_not_have_are_ignored(keyed, upstream):
    fake_upstream(upstream)

    keyed.post(FORM, {"key-0": "label:Speaker 9", "name-0": "Ghost",
                      "key-1": "label:Speaker 1", "name-1": "Marcus"})

    assert list(SpeakerName.objects.values_list("speaker_key", "name")) == [
        ("label:Speaker 1", "Marcus")]


def test_a_user_whose_key_cannot_read_the_recording_neither_sees_nor_renames(keyed, upstream):
    fake_upstream(upstream)
    rename(keyed, first="Marcus")
    bob = make_user("bob")
    give_key(bob, OTHER_KEY)
    other = Client()
    other.force_login(bob)
    upstream.reset()
    for suffix in ("", "/transcription", "/summary", "/results"):
        upstream.get(f"{BASE}/recordings/{REF}{suffix}", json={"error": "Resource not found"},
                     status=404)
    upstream.get(f"{BASE}/projects", json={"data": []})  # Bob's page asks for his projects too

    assert other.get(FORM).status_code == 404
    assert other.post(FORM, {"key-0": "label:Speaker 1", "name-0": "Mallory"}).status_code == 404
    assert other.get(PAGE).status_code == 404
    assert SpeakerName.objects.get().name == "Marcus"


def test_another_key_that_reads_the_recording_sees_the_new_name_at_once(keyed, upstream):
    fake_upstream(upstream)
    bob = make_user("bob")
    give_key(bob, OTHER_KEY)
    other = Client()
    other.force_login(bob)
    other.get(PAGE)  # Bob's key keeps the analysis drawn with IdentityCall's names

    rename(keyed, first="Marcus")

    assert names_in_transcript(other.get(PAGE).content.decode())[0] == "Marcus"


def test_a_rename_needs_the_csrf_token(upstream, user):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    fake_upstream(upstream)

    response = client.post(FORM, {"key-0": "label:Speaker 1", "name-0": "Marcus"})

    assert response.status_code == 403
    assert not SpeakerName.objects.exists()


def test_a_recording_without_public_id_is_named_by_its_id_and_creation_time():
    first = Recording.from_api(recording_json(id=5, public_id=None,
                                              created_at="2026-04-15T10:00:00Z"))
    other_account = Recording.from_api(recording_json(id=5, public_id=None,
                                                      created_at="2026-05-01T08:00:00Z"))

    assert recording_identity(first) == "5@2026-04-15T10:00:00+00:00"
    assert recording_identity(first) != recording_identity(other_account)
    assert recording_identity(Recording.from_api(recording_json(public_id=REF.upper()))) == REF


def test_the_agent_side_is_offered_the_operators_of_the_projects_numbers(keyed, upstream):
    fake_upstream(upstream)
    upstream.get(f"{BASE}/virtual_numbers", json={"data": [
        {"id": 3, "phone_number": "+15550100", "name": "Support line", "project_id": 1,
         "operators": [{"id": 1, "name": "Marcus Reed"}], "operators_count": 4},
        {"id": 4, "phone_number": "+15550199", "name": "Sales", "project_id": 2,
         "operators": [{"id": 9, "name": "Not this project"}], "operators_count": 1},
    ]})
    upstream.get(f"{BASE}/virtual_numbers/3", json={"data": {
        "id": 3, "phone_number": "+15550100", "name": "Support line",
        "operators": [{"id": 1, "name": "Marcus Reed"}, {"id": 2, "name": "Zoë O'Brien"}]}})

    html = keyed.get(FORM).content.decode()

    assert 'list="agent-candidates"' in re.search(r'id="speaker-name-0"[^>]*>', html).group(0)
    assert 'list="agent-candidates"' not in re.search(r'id="speaker-name-1"[^>]*>', html).group(0)
    assert '<option value="Marcus Reed">+15550100 (Support line)</option>' in html
    assert "Zoë O&#x27;Brien" in html and "Not this project" not in html


@pytest.mark.parametrize("status", [500, 403])
def test_the_form_works_without_candidates_when_numbers_cannot_be_read(keyed, upstream, status):
    fake_upstream(upstream)
    upstream.get(f"{BASE}/virtual_numbers", json={"error": "x"}, status=status)

    response = keyed.get(FORM)

    assert response.status_code == 200
    assert "agent-candidates" not in response.content.decode()


def test_the_form_before_the_transcript_is_ready_goes_back_to_the_page(keyed, upstream):
    fake_upstream(upstream, status="processing", sub_status=422)

    response = keyed.get(FORM)

    assert response.status_code == 302 and response["Location"] == PAGE


def test_the_form_comes_inline_for_htmx(keyed, upstream):
    fake_upstream(upstream)
    upstream.get(f"{BASE}/virtual_numbers", json={"data": []})

    html = keyed.get(FORM, HTTP_HX_REQUEST="true").content.decode()

    assert html.lstrip().startswith('<section id="speakers"')
    assert "<html" not in html
