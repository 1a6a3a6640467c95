"""Renaming a recording inline (PATCH display_name) and deleting it with a confirmation."""

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from apps.identitycall.resources import Recording
from apps.recordings.ingest import storage as audio
from apps.recordings.models import StoredAudio
from tests import transport_faults
from tests.factories import BASE
from tests.recordings.conftest import page_json, recording_json

REF = "018f3a00-0000-7000-8000-000000000042"
RENAME = f"/recordings/{REF}/rename/"
DELETE = f"/recordings/{REF}/delete/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def fake_recording(upstream, **fields):
    data = recording_json(id=42, public_id=REF, **fields)
    upstream.get(f"{BASE}/recordings/{REF}", json={"data": data})
    return data


def sent_json(call):
    return json.loads(call.request.body)


RECORDING_NOT_FOUND = "It may have been deleted, or your API key cannot see it."


def templates_of(response):
    return [template.name for template in response.templates]


def messages_shown(client, response):
    """Follow the redirect and return the messages the page it leads to shows (base.html)."""
    page = client.get(response["Location"])
    assert page.status_code == 200
    return re.findall(r'<p class="alert__text">(.*?)</p>', page.content.decode())


def fake_list(upstream):
    upstream.get(f"{BASE}/projects", json={"data": []})
    upstream.get(f"{BASE}/recordings", json=page_json([]))


@pytest.fixture
def stored_copy(settings, tmp_path, user):
    """A console copy of the recording's audio, as an upload through the console leaves."""
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "call.wav"
    source.write_bytes(b"RIFF....WAVE")
    return audio.keep_copy(
        recording=Recording(id=42, public_id=REF), path=source, original_name="call.wav",
        sha256="0" * 64, user=user,
    )


# ---- Rename ---------------------------------------------------------------------------------


def test_edit_name_swaps_in_a_form_holding_the_current_name(keyed, upstream):
    fake_recording(upstream, name="Refund call")

    response = keyed.get(RENAME, {"place": "list", "next": "/recordings/?page=2"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'hx-post="{RENAME}"' in html
    assert 'value="Refund call"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="place" value="list">' in html
    assert '<input type="hidden" name="next" value="/recordings/?page=2">' in html
    assert "autofocus" in html
    assert upstream.calls[0].request.url == f"{BASE}/recordings/{REF}"


def test_without_javascript_edit_name_is_a_small_page(keyed, upstream):
    fake_recording(upstream, name="Refund call")

    response = keyed.get(RENAME, {"place": "list"})

    html = response.content.decode()
    assert "<html" in html
    assert "Rename recording" in html
    assert f'action="{RENAME}"' in html


def test_cancel_puts_the_name_back(keyed, upstream):
    fake_recording(upstream, name="Refund call")

    response = keyed.get(RENAME, {"place": "list", "show": "name"}, **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<span class="recording-name"')
    assert "Refund call" in html
    assert "Edit name" in html


def test_editing_an_unknown_recording_is_a_404(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}", status=404, json={"error": "Resource not found"})

    response = keyed.get(RENAME)

    assert response.status_code == 404
    assert "_partials/not_found.html" in templates_of(response)  # "Recording not found", why
    assert RECORDING_NOT_FOUND in response.content.decode()


def test_saving_a_name_patches_display_name_and_shows_the_name_from_the_answer(keyed, upstream):
    patch = upstream.patch(f"{BASE}/recordings/{REF}", json={"data": recording_json(id=42, public_id=REF, name="Refund – May")})

    response = keyed.post(RENAME, {"name": "  Refund – May ", "place": "list", "next": "/recordings/"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert sent_json(patch.calls[0]) == {"display_name": "Refund – May"}
    assert "Refund – May" in html
    assert f'href="/recordings/{REF}/"' in html  # in the list the name links to the detail page
    assert json.loads(response["HX-Trigger"]) == {"recordingRenamed": {"ref": REF, "name": "Refund – May"}}


def test_on_the_detail_page_the_saved_name_is_plain_text(keyed, upstream):
    upstream.patch(f"{BASE}/recordings/{REF}", json={"data": recording_json(id=42, public_id=REF, name="New")})

    html = keyed.post(RENAME, {"name": "New", "place": "detail"}, **HTMX).content.decode()

    assert '<span class="recording-name__text">New</span>' in html


def test_without_javascript_saving_goes_back_with_a_message(keyed, upstream):
    upstream.patch(f"{BASE}/recordings/{REF}", json={"data": recording_json(id=42, public_id=REF, name="New")})

    response = keyed.post(RENAME, {"name": "New", "place": "list", "next": "/recordings/?status=failed"})

    assert response.status_code == 302
    assert response["Location"] == "/recordings/?status=failed"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Renamed to “New”."]
    fake_list(upstream)
    assert messages_shown(keyed, response) == ["Renamed to “New”."]


def test_a_next_address_off_the_site_is_ignored(keyed, upstream):
    upstream.patch(f"{BASE}/recordings/{REF}", json={"data": recording_json(id=42, public_id=REF, name="New")})

    response = keyed.post(RENAME, {"name": "New", "place": "list", "next": "https://evil.test/"})

    assert response["Location"] == "/recordings/"


def test_a_422_shows_the_reason_next_to_the_input_and_keeps_what_was_typed(keyed, upstream):
    upstream.patch(f"{BASE}/recordings/{REF}", status=422, json={"errors": ["Display name is too long"]})

    response = keyed.post(RENAME, {"name": "Typed <name>", "place": "list"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Display name is too long" in html
    assert 'value="Typed &lt;name&gt;"' in html
    assert 'aria-invalid="true"' in html


def test_an_empty_name_is_refused_without_asking_identitycall(keyed, upstream):
    response = keyed.post(RENAME, {"name": "   ", "place": "list"}, **HTMX)

    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert len(upstream.calls) == 0


@pytest.mark.parametrize(
    ("status", "body", "sentence"),
    [
        (404, {"error": "Resource not found"}, "Not found in IdentityCall"),
        (403, {"error": "Write permission required"}, "does not have write permission"),
    ],
)
def test_a_refused_rename_says_why_and_keeps_the_input(keyed, upstream, status, body, sentence):
    upstream.patch(f"{BASE}/recordings/{REF}", status=status, json=body)

    response = keyed.post(RENAME, {"name": "Kept", "place": "detail"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == status
    assert sentence in html
    assert 'value="Kept"' in html


def test_identitycall_down_during_a_rename_becomes_an_alert_and_the_form_stays(keyed, upstream):
    upstream.patch(f"{BASE}/recordings/{REF}", body=transport_faults.refused())

    response = keyed.post(RENAME, {"name": "Kept", "place": "list"}, **HTMX)

    assert response.status_code == 502
    assert response["HX-Retarget"] == "#alerts"
    assert "nothing was changed" in response.content.decode()


def test_renaming_needs_the_csrf_token(user, upstream):
    from tests.factories import give_key

    give_key(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(RENAME, {"name": "New"}, **HTMX)

    assert response.status_code == 403
    assert "403_csrf.html" in templates_of(response)
    assert "the console refused this request" in response.content.decode()
    assert len(upstream.calls) == 0


# ---- Delete ---------------------------------------------------------------------------------


def test_delete_from_the_list_opens_a_dialog_naming_the_recording_and_what_is_lost(keyed, upstream, stored_copy):
    fake_recording(upstream, name="Refund call")

    response = keyed.get(DELETE, {"place": "list"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<dialog")
    assert "Delete “Refund call”?" in html
    assert "its transcript" in html and "goals, keywords, pauses and the summary" in html
    assert "the console’s copy of the audio" in html
    assert f'hx-post="{DELETE}" hx-target="#recording-row-{REF}" hx-swap="outerHTML"' in html
    assert '<input type="hidden" name="place" value="list">' in html


def test_the_confirmation_says_when_the_console_holds_no_audio(keyed, upstream):
    fake_recording(upstream, name="Refund call")

    html = keyed.get(DELETE).content.decode()

    assert "<html" in html
    assert "the console holds no copy of its audio" in html
    assert f'action="{DELETE}"' in html


def test_deleting_an_unknown_recording_is_a_404(keyed, upstream):
    upstream.get(f"{BASE}/recordings/{REF}", status=404, json={"error": "Resource not found"})

    response = keyed.get(DELETE)

    assert response.status_code == 404
    assert "_partials/not_found.html" in templates_of(response)  # "Recording not found", why
    assert RECORDING_NOT_FOUND in response.content.decode()


def test_deleting_from_the_list_removes_the_row_and_the_audio_copy(keyed, upstream, stored_copy):
    call = upstream.delete(f"{BASE}/recordings/{REF}", status=204)
    stored_file = stored_copy.file.path

    response = keyed.post(DELETE, {"place": "list", "name": "Refund call"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert call.call_count == 1
    assert json.loads(response["HX-Trigger"]) == {"recordingDeleted": {"ref": REF}}
    # The body's only content goes out of band, so the row it targets is swapped for nothing.
    assert html.strip().startswith('<div id="alerts" hx-swap-oob="innerHTML">')
    assert "“Refund call” was deleted." in html
    assert not StoredAudio.objects.filter(recording_key=REF).exists()
    import os

    assert not os.path.exists(stored_file)


def test_a_delete_answered_200_success_counts_as_deleted(keyed, upstream):
    upstream.delete(f"{BASE}/recordings/{REF}", json={"success": True})

    response = keyed.post(DELETE, {"place": "list", "name": "A"}, **HTMX)

    assert "“A” was deleted." in response.content.decode()


def test_deleting_from_the_detail_page_goes_to_the_list_with_a_message(keyed, upstream):
    upstream.delete(f"{BASE}/recordings/{REF}", status=204)

    response = keyed.post(DELETE, {"place": "detail", "name": "Refund call"})

    assert response.status_code == 302
    assert response["Location"] == "/recordings/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["“Refund call” was deleted."]
    fake_list(upstream)
    assert messages_shown(keyed, response) == ["“Refund call” was deleted."]


def test_deleting_from_the_detail_page_with_htmx_redirects_the_browser(keyed, upstream):
    upstream.delete(f"{BASE}/recordings/{REF}", status=204)

    response = keyed.post(DELETE, {"place": "detail", "name": "A"}, **HTMX)

    assert response["HX-Redirect"] == "/recordings/"


def test_a_404_without_a_console_copy_says_nothing_was_deleted(keyed, upstream):
    upstream.delete(f"{BASE}/recordings/{REF}", status=404, json={"error": "Resource not found"})

    response = keyed.post(DELETE, {"place": "list", "name": "A"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    # 404 is also what a key that cannot see the recording gets: "already deleted" could be false.
    assert "“A” was not found with your API key" in html and "Nothing was deleted." in html
    assert "already deleted" not in html
    assert "recordingDeleted" in response["HX-Trigger"]


def test_a_key_without_delete_permission_is_told_so_inside_the_dialog(keyed, upstream, stored_copy):
    upstream.delete(f"{BASE}/recordings/{REF}", status=403, json={"error": "Delete permission required"})

    response = keyed.post(DELETE, {"place": "list", "name": "A"}, **HTMX)

    assert response.status_code == 403
    assert response["HX-Retarget"] == "#delete-problem"
    assert "does not have delete permission" in response.content.decode()
    assert "HX-Trigger" not in response
    assert StoredAudio.objects.filter(recording_key=REF).exists()  # nothing deleted


def test_a_delete_of_unknown_outcome_keeps_the_copy_and_links_to_the_recording(
    keyed, upstream, stored_copy
):
    upstream.delete(f"{BASE}/recordings/{REF}", status=500, json={"error": "boom"})

    response = keyed.post(DELETE, {"place": "list", "name": "A"}, **HTMX)

    html = response.content.decode()
    assert response["HX-Retarget"] == "#delete-problem"
    assert "may or may not have been applied" in html
    assert f'<a href="/recordings/{REF}/">Check its current state</a>' in html
    assert StoredAudio.objects.filter(recording_key=REF).exists()  # not confirmed: kept


def test_without_javascript_a_refused_delete_returns_to_the_confirmation(keyed, upstream):
    upstream.delete(f"{BASE}/recordings/{REF}", body=transport_faults.refused())

    response = keyed.post(DELETE, {"place": "list", "name": "A"})

    assert response.status_code == 302
    assert response["Location"] == f"{DELETE}?place=list"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "IdentityCall is unreachable; nothing was changed."
    ]
    fake_recording(upstream, name="A")
    assert messages_shown(keyed, response) == ["IdentityCall is unreachable; nothing was changed."]


def test_html_in_a_recording_name_is_shown_literally_in_the_dialog(keyed, upstream):
    fake_recording(upstream, name="<script>alert(1)</script>{{ x }}")

    html = keyed.get(DELETE, {"place": "list"}, **HTMX).content.decode()

    assert "<script>alert(1)" not in html
    assert "Delete “&lt;script&gt;alert(1)&lt;/script&gt;{{ x }}”?" in html


def test_a_get_never_deletes(keyed, upstream):
    fake_recording(upstream)

    keyed.get(DELETE)

    assert [call.request.method for call in upstream.calls] == ["GET"]


def test_a_copy_that_cannot_be_deleted_does_not_fail_a_confirmed_delete(
    keyed, upstream, stored_copy, monkeypatch, caplog
):
    upstream.delete(f"{BASE}/recordings/{REF}", status=204)

    def refuse(*args, **kwargs):
        raise PermissionError("read-only volume")

    monkeypatch.setattr("django.core.files.storage.FileSystemStorage.delete", refuse)

    response = keyed.post(DELETE, {"place": "list", "name": "Refund call"}, **HTMX)

    assert response.status_code == 200
    assert "“Refund call” was deleted." in response.content.decode()
    # The row stays, so prune_audio tries the file again; the failure is logged.
    assert StoredAudio.objects.filter(recording_key=REF).exists()
    assert "its audio copy could not be deleted" in caplog.text
