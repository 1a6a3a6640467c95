"""The client's `on_write` hook: told once per write, after the retries, with the truth; never of
a read, of a call refused before any request, or of a caller's own failure. And the fingerprint
that names a key without revealing it.

Every write × outcome, and what the activity trail makes of it: tests/audit/test_audit_hook.py.
"""

import hashlib
import io

import pytest

from apps.identitycall.client import IdentityCallClient
from apps.identitycall.errors import NotFoundError, ServerError
from apps.identitycall.multipart import BodyMismatch
from tests.identitycall.conftest import API_KEY, BASE_URL


@pytest.fixture
def told():
    return []


@pytest.fixture
def hooked(session, sleeps, told):
    return IdentityCallClient(API_KEY, base_url=BASE_URL, session=session, sleep=sleeps.append,
                              on_write=told.append)


def test_a_retried_upload_is_told_once_with_the_answer_that_ended_it(hooked, told, api, make):
    api.reply("POST", "/recordings", status=503, json={"error": "busy"})
    api.reply("POST", "/recordings", status=200, data=make.recording())

    result = hooked.upload_recording(io.BytesIO(b"abc"), filename="a.mp3", external_id="crm-1")

    assert len(api.requests) == 2 and result.created is False
    (event,) = told
    assert (event.operation, event.status, event.resource_id) == (
        "upload_recording", 200, make.recording()["public_id"])
    assert dict(event.detail) == {"filename": "a.mp3", "size": 3, "project_id": None}


def test_an_upload_that_failed_every_attempt_is_told_once_with_the_last_error(hooked, told, api):
    for _ in range(3):
        api.reply("POST", "/recordings", status=503, json={"error": "busy"})

    with pytest.raises(ServerError) as raised:
        hooked.upload_recording(io.BytesIO(b"abc"), filename="a.mp3", external_id="crm-1")

    assert len(api.requests) == 3
    assert [(event.status, event.error) for event in told] == [(503, raised.value)]


def test_a_rename_is_told_as_a_rename_not_also_as_an_update(hooked, told, api, make):
    api.reply("PATCH", "/recordings/r1", data=make.recording())

    hooked.rename_recording("r1", "New name")

    assert [(event.operation, dict(event.detail)) for event in told] == [
        ("rename_recording", {"fields": ["display_name"]})]


def test_a_detach_answered_without_data_is_told_once_and_its_re_read_not_at_all(
    hooked, told, api, make
):
    api.reply("DELETE", "/virtual_numbers/9/remove_operator", status=204)
    api.reply("GET", "/virtual_numbers/9", data=make.number_detail())

    hooked.remove_operator(9, 22)

    assert [(e.method, e.operation, e.resource_id, e.status) for e in told] == [
        ("DELETE", "remove_operator", 9, 204)]


def test_an_attach_whose_re_read_fails_is_still_told_as_done(hooked, told, api):
    # The attach went through; only the console's look at the number afterwards failed.
    api.reply("POST", "/virtual_numbers/9/add_operator", status=201)
    api.reply("GET", "/virtual_numbers/9", status=404, json={"error": "Resource not found"})

    with pytest.raises(NotFoundError):
        hooked.add_operator(9, operator_id=22)

    assert [(e.operation, e.status, e.error) for e in told] == [("add_operator", 201, None)]


def test_a_call_refused_before_any_request_is_not_a_write(hooked, told, api):
    with pytest.raises(ValueError):
        hooked.update_recording("r1")
    with pytest.raises(ValueError):
        hooked.add_operator(9, operator_id=1, phone_number="+15551234567")

    assert api.requests == [] and told == []


def test_a_failure_of_the_callers_own_chunks_propagates_untold(hooked, told, api):
    class BrowserLeft(Exception):
        pass

    def broken():
        yield b"abc"
        raise BrowserLeft()

    with pytest.raises(BrowserLeft):
        hooked.stream_recording(broken(), size=10, filename="a.mp3", external_id=lambda: "x",
                                external_id_length=1)

    # The body was cut short, so nothing was stored upstream: there is no write to tell of.
    assert told == []


def test_a_body_of_another_length_is_refused_untold(hooked, told, api):
    with pytest.raises(BodyMismatch):
        hooked.stream_recording(iter([b"abc"]), size=10, filename="a.mp3",
                                external_id=lambda: "x", external_id_length=1)

    assert told == []


def test_without_a_hook_writes_go_through_the_same(client, api, make):
    api.reply("DELETE", "/projects/7", status=204)

    assert client.delete_project(7) is None
    assert len(api.requests) == 1


def test_the_fingerprint_hashes_base_url_and_key_as_cached_entries_always_were_named(key):
    client = IdentityCallClient(key, base_url=BASE_URL + "/")

    expected = hashlib.sha256(f"{BASE_URL}\n{key}".encode()).hexdigest()[:40]
    assert client.fingerprint == expected
    assert key not in client.fingerprint and key[4:] not in client.fingerprint


def test_the_fingerprint_differs_per_key_and_per_base_url(key):
    other_key = "idc_" + "b" * 32
    prints = {
        IdentityCallClient(key, base_url=BASE_URL).fingerprint,
        IdentityCallClient(other_key, base_url=BASE_URL).fingerprint,
        IdentityCallClient(key, base_url="https://other.test/api").fingerprint,
    }
    assert len(prints) == 3


def test_the_client_keeps_the_key_only_in_its_authorization_header(key):
    client = IdentityCallClient(key, base_url=BASE_URL)

    holding = [name for name, value in vars(client).items() if key in repr(value)]
    assert holding == ["_headers"]
    assert key not in repr(client) and repr(client).endswith(f"key=…{key[-4:]}>")
