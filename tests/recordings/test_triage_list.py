"""The recordings list as a place to triage: a play button where the console keeps the audio, row
actions in a menu, a selection kept across pages and filters, deleting several (each audited) and
exporting them as CSV."""

import csv
import io
import re

from django.test import Client

from apps.audit.models import AuditEvent
from apps.recordings.ingest import storage
from apps.recordings.models import SpeakerName, StoredAudio
from apps.recordings.selection import MAX_SELECTED
from apps.recordings.selection_csv import cell
from tests.factories import BASE, OTHER_KEY, give_key, make_user
from tests.recordings.conftest import page_json, project_json, recording_json

LIST = "/recordings/"
SELECT = "/recordings/selection/"
BULK = "/recordings/selection/delete/"
EXPORT = "/recordings/selection/export.csv"
A = "018f3a00-0000-7000-8000-000000000a01"
B = "018f3a00-0000-7000-8000-000000000a02"
C = "018f3a00-0000-7000-8000-000000000a03"


def fake_list(upstream, items, **meta):
    upstream.get(f"{BASE}/projects", json={"data": [project_json(id=1, name="Support EN")]})
    upstream.get(f"{BASE}/recordings", json=page_json(items, **meta))


def rec(ref, number, **fields):
    return recording_json(id=number, public_id=ref, name=f"Call {number}", **fields)


def row_of(html, ref):
    return re.search(rf'<tr id="recording-row-{ref}".*?</tr>', html, re.S).group(0)


def select(client, shown, ticked, **extra):
    data = {"shown": [f"{ref}|Call {ref[-3:]}" for ref in shown], "selected": ticked} | extra
    return client.post(SELECT, data)


# --- rows ---------------------------------------------------------------------------------------


def test_a_row_plays_only_where_the_console_keeps_the_audio(keyed, upstream, db):
    StoredAudio.objects.create(recording_key=A, recording_id=2561, file="audio/a.wav",
                               original_name="a.wav", content_type="audio/wav", size=1,
                               sha256="0" * 64)
    fake_list(upstream, [rec(A, 2561), rec(B, 2562)])

    html = keyed.get(LIST).content.decode()

    assert f'<a class="row-play" href="/recordings/{A}/audio" data-row-play aria-label="Play Call 2561">' in row_of(html, A)
    assert "row-play" not in row_of(html, B)


def test_kept_among_finds_copies_by_either_id_in_one_query(db, django_assert_num_queries):
    from apps.identitycall.resources import Recording

    StoredAudio.objects.create(recording_key="77", recording_id=77, file="audio/x.wav",
                               original_name="x.wav", content_type="audio/wav", size=1,
                               sha256="0" * 64)
    rows = [Recording(id=77, public_id=A), Recording(id=78, public_id=B), Recording(id=None)]
    with django_assert_num_queries(1):
        assert storage.kept_among(rows) == {A}


def test_row_actions_are_a_menu_and_delete_is_not_a_button(keyed, upstream):
    fake_list(upstream, [rec(A, 2561)])

    row = row_of(keyed.get(LIST).content.decode(), A)

    menu = re.search(r'<details class="row-menu">.*?</details>', row, re.S).group(0)
    assert 'aria-label="Actions for Call 2561"' in menu
    for item in (">Open</a>", ">Rename</a>", ">Delete…</a>"):
        assert item in menu
    assert "btn" not in menu and "btn--danger" not in row
    assert '<td data-label="Duration" class="num recording-row__duration">3:05</td>' in row
    assert 'data-label="Uploaded"' in row


# --- the selection ------------------------------------------------------------------------------


def test_ticked_rows_stay_selected_across_pages_and_filters(keyed, upstream):
    select(keyed, [A, B], [A])  # page 1
    select(keyed, [C], [C])  # page 2
    fake_list(upstream, [rec(A, 2561), rec(B, 2562)], total=40, per_page=2)

    html = keyed.get(LIST, {"status": "completed", "page": "1"}).content.decode()

    assert 'value="' + A + '" form="recordings-selection" data-select-row aria-label="Select Call 2561" checked>' in html
    assert "checked" not in row_of(html, B)
    assert "2 selected (on any page)" in html
    assert ">Delete selected…</button>" in html and ">Export selected (CSV)</button>" in html


def test_unticking_on_a_page_removes_only_that_pages_rows(keyed, upstream):
    select(keyed, [A, B], [A, B])
    select(keyed, [C], [C])
    select(keyed, [A, B], [B])

    fake_list(upstream, [rec(A, 2561), rec(B, 2562), rec(C, 2563)])
    html = keyed.get(LIST).content.decode()
    assert "checked" not in row_of(html, A)
    assert "checked" in row_of(html, B) and "checked" in row_of(html, C)


def test_an_htmx_update_answers_the_bar_and_a_plain_post_goes_back(keyed):
    bar = keyed.post(SELECT, {"shown": [f"{A}|Call"], "selected": [A], "next": "/recordings/?page=2"},
                     HTTP_HX_REQUEST="true").content.decode()
    assert bar.lstrip().startswith('<form id="recordings-selection"') and "1 selected" in bar

    response = keyed.post(SELECT, {"shown": [f"{A}|Call"], "selected": [A],
                                   "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == LIST


def test_bad_refs_and_too_many_ticks_are_not_selected(keyed):
    refs = [f"018f3a00-0000-7000-8000-{n:012d}" for n in range(MAX_SELECTED + 3)]
    keyed.post(SELECT, {"shown": [f"{ref}|x" for ref in refs] + ["../etc|x", "<b>|x"],
                        "selected": refs + ["../etc", "<b>"]})
    kept = keyed.session["recordings_selection"]
    assert len(kept) == MAX_SELECTED and "../etc" not in kept and "<b>" not in kept


def test_clear_empties_the_selection(keyed):
    select(keyed, [A], [A])
    keyed.post(SELECT, {"action": "clear"})
    assert "recordings_selection" not in keyed.session


def test_the_selection_is_each_persons_own(keyed, upstream, db):
    select(keyed, [A], [A])
    bob = make_user("bob")
    give_key(bob, OTHER_KEY)
    other = Client()
    other.force_login(bob)
    fake_list(upstream, [rec(A, 2561)])

    html = other.get(LIST).content.decode()

    assert "checked" not in row_of(html, A) and "None selected" in html
    assert other.get(EXPORT)["Location"] == LIST  # nothing of Alice's to export


def test_selection_needs_the_csrf_token(user, db):
    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(SELECT, {"shown": [f"{A}|x"], "selected": [A]}).status_code == 403
    assert client.post(BULK).status_code == 403


# --- delete several -----------------------------------------------------------------------------


def test_bulk_delete_confirms_with_the_count_and_names(keyed, upstream):
    keyed.post(SELECT, {"shown": [f"{A}|Monday <call>", f"{B}|Tuesday"], "selected": [A, B]})

    html = keyed.get(BULK).content.decode()

    assert len(upstream.calls) == 0  # its call budget: the names come from the selection

    assert "Delete 2 recordings?" in html and ">Delete 2 recordings</button>" in html
    assert "<li>Monday &lt;call&gt;</li>" in html and "<li>Tuesday</li>" in html


def test_the_bar_leads_to_the_confirmation_without_javascript(keyed):
    response = keyed.post(SELECT, {"shown": [f"{A}|x"], "selected": [A], "action": "delete",
                                   "next": "/recordings/?page=2"})
    assert response["Location"] == f"{BULK}?next=/recordings/%3Fpage%3D2"


def test_bulk_delete_deletes_each_and_audits_each(keyed, upstream, user):
    select(keyed, [A, B, C], [A, B, C])
    upstream.delete(f"{BASE}/recordings/{A}", status=204)
    upstream.delete(f"{BASE}/recordings/{B}", status=204)
    upstream.delete(f"{BASE}/recordings/{C}", status=404, json={"error": "Resource not found"})
    fake_list(upstream, [])

    response = keyed.post(BULK, follow=True)

    html = response.content.decode()
    assert "2 recordings deleted." in html
    assert "was not found with your API key" in html
    events = AuditEvent.objects.filter(action="recording.delete", user=user)
    assert sorted(events.values_list("resource_id", "status")) == [(A, 204), (B, 204), (C, 404)]
    assert "recordings_selection" not in keyed.session


def test_a_rate_limit_stops_the_bulk_delete_and_keeps_the_rest_selected(keyed, upstream):
    select(keyed, [A, B], [A, B])
    upstream.delete(f"{BASE}/recordings/{A}", status=204)
    upstream.delete(f"{BASE}/recordings/{B}", status=429, headers={"Retry-After": "30"},
                    json={"error": "Rate limit exceeded"})
    fake_list(upstream, [])

    html = keyed.post(BULK, follow=True).content.decode()

    assert "1 recording deleted." in html and "stay selected" in html
    assert list(keyed.session["recordings_selection"]) == [B]


def test_nothing_selected_means_nothing_to_delete(keyed, upstream):
    fake_list(upstream, [])
    response = keyed.post(BULK, follow=True)
    assert "No recording is selected" in response.content.decode()


# --- export -------------------------------------------------------------------------------------


def test_export_gives_metadata_and_headline_figures_with_the_one_mapping(keyed, upstream):
    select(keyed, [A, B], [A, B])
    upstream.get(f"{BASE}/recordings/{A}", json={"data": rec(
        A, 2561, speakers=["Speaker 1", "Speaker 2"], external_id="=HYPERLINK(1)")})
    upstream.get(f"{BASE}/recordings/{B}", status=404, json={"error": "Resource not found"})
    upstream.get(f"{BASE}/projects", json={"data": [project_json(id=1, name="Support EN")]})
    SpeakerName.objects.create(recording_key=A, speaker_key="label:Speaker 1", name="Marcus")

    response = keyed.get(EXPORT)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="recordings-selection.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1  # B is gone for this key
    assert rows[0]["Name"] == "Call 2561" and rows[0]["Recording ID"] == A
    assert rows[0]["Project"] == "Support EN" and rows[0]["Status"] == "completed"
    assert rows[0]["Duration (s)"] == "185" and rows[0]["Uploaded (UTC)"] == "2026-04-15 10:00:00"
    assert rows[0]["Speakers"] == "Marcus; Speaker 2"
    assert rows[0]["Goal achievement (%)"] == "87.5" and rows[0]["Turns"] == "24"
    assert rows[0]["External ID"] == "'=HYPERLINK(1)"  # never run as a formula


def test_cells_that_look_like_formulas_are_defused():
    assert [cell(v) for v in ("=1+1", "+1", "-1", "@x", "plain", None, True, 3)] == [
        "'=1+1", "'+1", "'-1", "'@x", "plain", "", "yes", "3"]


# --- what the key may do ------------------------------------------------------------------------


def read_only(user):
    from apps.accounts.key_access import fingerprint_of, remember
    from apps.accounts.key_probe import Known
    from apps.accounts.models import ApiKey

    remember(fingerprint_of(ApiKey.objects.get(user=user)), Known(read=True, write=False,
                                                                  delete=False))


def test_a_read_only_key_gets_rows_without_rename_or_delete_and_the_why(keyed, upstream, user):
    read_only(user)
    select(keyed, [A], [A])
    fake_list(upstream, [rec(A, 2561)])

    html = keyed.get(LIST).content.decode()

    row = row_of(html, A)
    assert "Edit name" not in row and ">Rename</a>" not in row and "Delete…" not in row
    assert ">Open</a>" in row
    assert 'id="recordings-key-why">Your API key is read-only' in html
    assert '<button type="button" class="btn btn--primary" disabled' in html
    assert "Delete selected…" not in html and "Export selected (CSV)" in html


def test_a_read_only_key_is_not_offered_the_upload_form_or_a_retry(keyed, upstream, user):
    from tests.recordings.test_retry_failed_recording import PAGE as RETRY, fake_failed

    read_only(user)
    fake_failed(upstream)

    upload = keyed.get("/recordings/upload/").content.decode()
    retry = keyed.get(RETRY).content.decode()

    assert 'id="upload-key-why">Your API key is read-only' in upload and 'name="files"' not in upload
    assert "A retry uploads the audio again, so it is not offered." in retry
    assert 'name="source"' not in retry
