"""The client tells its `on_write` hook of every write, once; through client_for(user) each one
leaves exactly one AuditEvent (apps.audit.recorder.recorder_for); reads tell and leave nothing."""

import dataclasses
import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import requests
from django.db import DatabaseError

from apps.accounts.clients import client_for
from apps.audit.models import ACTION_LABELS, AuditEvent
from apps.audit.recorder import WRITE_ACTIONS, recorder_for
from apps.identitycall import errors
from apps.identitycall.client import IdentityCallClient
from apps.identitycall.writes import WriteEvent
from tests import transport_faults
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user

RECORDING = {"id": 5, "public_id": "rec_5abc", "name": "call.mp3", "status": "pending"}
PROJECT = {"id": 7, "name": "Sales"}
NUMBER = {"id": 3, "phone_number": "+15551234567", "name": "Front desk", "operators": []}
OPERATOR = {"id": 4, "name": "Ana Šimkutė", "phone_number": "+15557654321"}


def upload(client):
    audio = io.BytesIO(b"ID3" + b"\0" * 2045)
    return client.upload_recording(audio, filename="call.mp3", project_id=1, name="Sales call")


def stream(client):
    return client.stream_recording(iter([b"ID3", b"\0" * 2045]), size=2048, filename="call.mp3",
                                   project_id=1, external_id=lambda: "crm-1",
                                   external_id_length=5)


@dataclass(frozen=True)
class Write:
    """One write method, how IdentityCall answers it, what the client tells its hook (operation,
    resource type and id, detail) and the event the trail keeps (action, recorded status)."""

    id: str
    call: Callable
    method: str
    path: str
    answer_status: int
    answer_body: dict | None
    operation: str
    resource_type: str
    action: str
    resource_id: str
    detail: dict
    # The status recorded for a success: what the API documents for that kind of write.
    recorded: int = 200
    creates: bool = False


WRITES = [
    Write("upload", upload, "POST", "/recordings", 201, RECORDING, "upload_recording",
          "recording", "recording.upload", "rec_5abc",
          {"filename": "call.mp3", "size": 2048, "project_id": 1}, recorded=201, creates=True),
    Write("upload-while-arriving", stream, "POST", "/recordings", 201, RECORDING,
          "stream_recording", "recording", "recording.upload", "rec_5abc",
          {"filename": "call.mp3", "size": 2048, "project_id": 1}, recorded=201, creates=True),
    Write("rename", lambda c: c.rename_recording("rec_5abc", "New name"), "PATCH",
          "/recordings/rec_5abc", 200, RECORDING, "rename_recording", "recording",
          "recording.rename", "rec_5abc", {"fields": ["display_name"]}),
    Write("move", lambda c: c.update_recording("rec_5abc", project_id=9), "PATCH",
          "/recordings/rec_5abc", 200, RECORDING, "update_recording", "recording",
          "recording.update", "rec_5abc", {"fields": ["project_id"]}),
    Write("delete-recording", lambda c: c.delete_recording("rec_5abc"), "DELETE",
          "/recordings/rec_5abc", 204, None, "delete_recording", "recording", "recording.delete",
          "rec_5abc", {}, recorded=204),
    Write("create-project", lambda c: c.create_project(name="Sales", language="en"), "POST",
          "/projects", 201, PROJECT, "create_project", "project", "project.create", "7",
          {"name": "Sales"}, recorded=201, creates=True),
    Write("update-project", lambda c: c.update_project(7, name="Sales EU", description=None),
          "PATCH", "/projects/7", 200, PROJECT, "update_project", "project", "project.update",
          "7", {"fields": ["description", "name"]}),
    Write("delete-project", lambda c: c.delete_project(7), "DELETE", "/projects/7", 204, None,
          "delete_project", "project", "project.delete", "7", {}, recorded=204),
    Write("purchase",
          lambda c: c.purchase_number("+15551234567", country_code="US", number_type="local",
                                      monthly_cost="1.15"),
          "POST", "/virtual_numbers/purchase", 201, NUMBER, "purchase_number", "virtual_number",
          "number.purchase", "3",
          {"phone_number": "+15551234567", "country_code": "US", "number_type": "local"},
          recorded=201, creates=True),
    Write("update-number", lambda c: c.update_virtual_number(3, routing_strategy="round_robin"),
          "PATCH", "/virtual_numbers/3", 200, NUMBER, "update_virtual_number", "virtual_number",
          "number.update", "3", {"fields": ["routing_strategy"]}),
    Write("attach", lambda c: c.add_operator(3, operator_id=4), "POST",
          "/virtual_numbers/3/add_operator", 200, NUMBER, "add_operator", "virtual_number",
          "number.add_operator", "3", {"operator_id": 4, "new_operator": False}),
    Write("detach", lambda c: c.remove_operator(3, 4), "DELETE",
          "/virtual_numbers/3/remove_operator", 200, NUMBER, "remove_operator", "virtual_number",
          "number.remove_operator", "3", {"operator_id": 4}),
    Write("create-operator",
          lambda c: c.create_operator(name="Ana Šimkutė", phone_number="+15557654321"),
          "POST", "/operators", 201, OPERATOR, "create_operator", "operator", "operator.create",
          "4", {"name": "Ana Šimkutė"}, recorded=201, creates=True),
    Write("update-operator", lambda c: c.update_operator(4, active=False), "PATCH",
          "/operators/4", 200, OPERATOR, "update_operator", "operator", "operator.update", "4",
          {"fields": ["active"]}),
    Write("delete-operator", lambda c: c.delete_operator(4), "DELETE", "/operators/4", 200,
          {"success": True}, "delete_operator", "operator", "operator.delete", "4", {},
          recorded=204),
]
IDS = [write.id for write in WRITES]


def answer(upstream, method, path, status, body):
    """Make IdentityCall answer method path with status and body (wrapped in `data`)."""
    if body is None:
        upstream.add(method, f"{BASE}{path}", status=status, body="")
    else:
        payload = body if "success" in body else {"data": body}
        upstream.add(method, f"{BASE}{path}", status=status, json=payload)


@pytest.fixture
def api(user):
    """The client a view gets, for the user with a stored key (tests.factories.KEY)."""
    give_key(user)
    return client_for(user)


@pytest.fixture
def told():
    """The WriteEvents a bare client (no database, no trail) told its hook."""
    return []


@pytest.fixture
def bare(told):
    """A client with only a list as its on_write hook."""
    return IdentityCallClient(KEY, base_url=BASE, on_write=told.append, sleep=lambda _: None)


def dump_trail():
    """Return every stored AuditEvent, every column, as one string."""
    return json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False)


@pytest.mark.parametrize("write", WRITES, ids=IDS)
def test_a_successful_write_tells_the_hook_once_what_it_did_and_the_status_answered(
    bare, told, upstream, write
):
    answer(upstream, write.method, write.path, write.answer_status, write.answer_body)

    write.call(bare)

    (event,) = told
    assert isinstance(event, WriteEvent)
    assert (event.method, event.operation, event.resource_type) == (
        write.method, write.operation, write.resource_type)
    assert str(event.resource_id) == write.resource_id
    # The client tells the truth; the trail keeps the documented status (recorded, below).
    assert event.status == write.answer_status
    assert event.error is None and event.succeeded
    assert dict(event.detail) == write.detail
    assert len(upstream.calls) == 1
    assert KEY not in repr(event) and KEY[4:] not in repr(event)


@pytest.mark.parametrize("write", WRITES, ids=IDS)
def test_a_successful_write_records_one_event_with_its_action_resource_and_status(
    api, user, upstream, write
):
    answer(upstream, write.method, write.path, write.answer_status, write.answer_body)

    write.call(api)

    event = AuditEvent.objects.get()
    assert len(upstream.calls) == 1
    assert (event.action, event.resource_id) == (write.action, write.resource_id)
    assert event.resource_type == write.action.partition(".")[0]
    assert event.status == write.recorded
    assert event.error == ""
    assert event.outcome == "succeeded"
    assert (event.user, event.username) == (user, "ada")
    assert event.detail == write.detail
    assert KEY not in dump_trail()
    assert KEY[4:] not in dump_trail()


FAILURES = [
    ("422", {"status": 422, "json": {"errors": ["name has already been taken"]}}, 422,
     "ValidationError"),
    ("404", {"status": 404, "json": {"error": "Not found"}}, 404, "NotFoundError"),
    ("403", {"status": 403, "json": {"error": "Write permission required"}}, 403,
     "PermissionDeniedError"),
    ("429", {"status": 429, "json": {"error": "Too many"}, "headers": {"Retry-After": "9"}}, 429,
     "RateLimitError"),
    ("500", {"status": 500, "body": "<html>oops</html>"}, 500, "ServerError"),
    ("refused", {"body": transport_faults.refused()}, None, "TransportError"),
    ("dropped", {"body": transport_faults.dropped()}, None, "TransportError"),
    ("timeout", {"body": requests.ReadTimeout("slow")}, None, "UpstreamTimeout"),
    # Never connected: nothing can have changed, so the trail says it failed.
    ("connect-timeout", {"body": transport_faults.connect_timeout()}, None, "UpstreamTimeout"),
    ("malformed", {"status": 200, "body": "<html>not json</html>"}, 200, "InvalidResponseError"),
]


@pytest.mark.parametrize("write", WRITES, ids=IDS)
@pytest.mark.parametrize("failure", FAILURES, ids=[failure[0] for failure in FAILURES])
def test_a_failed_write_tells_the_hook_once_the_error_it_raises(
    bare, told, upstream, write, failure
):
    _, reply, status, error = failure
    upstream.add(write.method, f"{BASE}{write.path}", **reply)

    with pytest.raises(errors.IdentityCallError) as raised:
        write.call(bare)

    (event,) = told
    assert event.error is raised.value and not event.succeeded
    assert type(event.error).__name__ == error
    assert (event.method, event.operation, event.resource_type) == (
        write.method, write.operation, write.resource_type)
    assert event.status == status
    # A failed create has no id yet; every other write names what it acted on.
    if write.creates:
        assert event.resource_id is None
    else:
        assert str(event.resource_id) == write.resource_id
    assert dict(event.detail) == write.detail


@pytest.mark.parametrize("write", WRITES, ids=IDS)
@pytest.mark.parametrize("failure", FAILURES, ids=[failure[0] for failure in FAILURES])
def test_a_failed_write_records_one_event_with_the_status_and_reraises_the_same_error(
    api, upstream, write, failure
):
    _, reply, status, error = failure
    upstream.add(write.method, f"{BASE}{write.path}", **reply)

    with pytest.raises(errors.IdentityCallError) as raised:
        write.call(api)

    event = AuditEvent.objects.get()
    assert type(raised.value).__name__ == error
    assert event.action == write.action
    assert event.status == status
    assert event.error == error
    # A failed create has no id yet; every other write names what it acted on.
    assert event.resource_id == ("" if write.creates else write.resource_id)
    # Anything after which IdentityCall may have applied the write is not a failure.
    uncertain = failure[0] in ("500", "dropped", "timeout", "malformed")
    assert event.outcome == ("uncertain" if uncertain else "failed")
    assert KEY not in dump_trail()


def test_an_upload_replayed_for_a_known_external_id_is_recorded_as_200(api, upstream):
    upstream.post(f"{BASE}/recordings", status=200, json={"data": RECORDING})
    api.upload_recording(io.BytesIO(b"abc"), filename="call.mp3", external_id="crm-1")
    event = AuditEvent.objects.get()
    assert (event.action, event.status, event.detail["size"]) == ("recording.upload", 200, 3)


def test_reads_record_nothing(api, upstream):
    upstream.get(f"{BASE}/projects", json={"data": [PROJECT]})
    upstream.get(f"{BASE}/recordings/rec_5abc", json={"data": RECORDING})
    upstream.get(f"{BASE}/recordings", json={"data": [RECORDING], "meta": {}})

    api.list_projects()
    api.get_recording("rec_5abc")
    api.list_recordings(page=1)

    assert len(upstream.calls) == 3
    assert not AuditEvent.objects.exists()


def test_reads_tell_the_hook_nothing(bare, told, upstream):
    upstream.get(f"{BASE}/projects", json={"data": [PROJECT]})
    upstream.get(f"{BASE}/virtual_numbers/3", status=404, json={"error": "Not found"})

    bare.list_projects()
    with pytest.raises(errors.NotFoundError):
        bare.get_virtual_number(3)

    assert told == []


def test_a_failed_read_records_nothing(api, upstream):
    upstream.get(f"{BASE}/projects/7", status=404, json={"error": "Not found"})
    with pytest.raises(errors.NotFoundError):
        api.get_project(7)
    assert not AuditEvent.objects.exists()


def test_client_for_hands_out_the_real_client_with_the_users_recorder_as_its_hook(api, user):
    assert type(api) is IdentityCallClient
    assert api.base_url == BASE
    assert KEY not in repr(api) and repr(api).endswith("key=…abcd>")
    # Its hook is the user's recorder: an event told to it lands in that user's trail.
    api._on_write(WriteEvent("POST", "create_project", "project", 7, status=201))
    assert AuditEvent.objects.get(action="project.create").user_id == user.pk


def test_every_write_the_client_tells_of_has_an_action_on_the_activity_page():
    assert {write.operation for write in WRITES} == set(WRITE_ACTIONS)
    assert {write.action for write in WRITES} == set(WRITE_ACTIONS.values())
    assert set(WRITE_ACTIONS.values()) <= set(ACTION_LABELS)


def test_a_write_the_trail_does_not_know_yet_is_recorded_under_its_own_name(user):
    event = WriteEvent("POST", "release_number", "virtual_number", 3, status=200,
                       detail={"reason": "moved"})

    recorder_for(user, "192.0.2.1")(event)

    recorded = AuditEvent.objects.get()
    assert (recorded.action, recorded.resource_type, recorded.resource_id) == (
        "virtual_number.release_number", "virtual_number", "3")
    assert (recorded.status, recorded.outcome, recorded.detail) == (200, "succeeded",
                                                                      {"reason": "moved"})
    assert recorded.ip_address == "192.0.2.1"


def test_a_trail_that_cannot_be_written_does_not_break_the_write(api, upstream, monkeypatch,
                                                                  caplog):
    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEvent, "save", broken_save)
    answer(upstream, "POST", "/projects", 201, PROJECT)

    with caplog.at_level(logging.ERROR, logger="apps.audit.recorder"):
        created = api.create_project(name="Sales")

    assert created.id == 7 and len(upstream.calls) == 1
    assert "project.create" in caplog.text and "could not be saved" in caplog.text
    monkeypatch.undo()
    assert not AuditEvent.objects.exists()


def test_a_write_event_is_frozen_and_its_detail_read_only():
    event = WriteEvent("DELETE", "delete_project", "project", 7, status=204,
                       detail={"fields": ["name"]})
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.status = 500
    with pytest.raises(TypeError):
        event.detail["fields"] = ["secret"]


@pytest.mark.urls("tests.audit.urls")
def test_a_view_calling_client_for_user_records_the_address_it_serves(keyed, upstream):
    upstream.delete(f"{BASE}/projects/7", status=204)

    response = keyed.post("/test-audit/delete-project/7/", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 204
    event = AuditEvent.objects.get()
    assert (event.action, event.resource_id) == ("project.delete", "7")
    assert event.ip_address == "203.0.113.9"


@pytest.mark.urls("tests.audit.urls")
@pytest.mark.parametrize(
    ("trust", "expected"), [(False, "10.0.0.2"), (True, "203.0.113.7")], ids=["direct", "proxied"]
)
def test_behind_a_trusted_proxy_the_last_forwarded_hop_is_recorded(
    keyed, upstream, settings, trust, expected
):
    settings.LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR = trust
    upstream.delete(f"{BASE}/projects/7", status=204)

    keyed.post(
        "/test-audit/delete-project/7/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )

    assert AuditEvent.objects.get().ip_address == expected


def test_a_request_passed_to_client_for_names_the_address(user, rf, upstream):
    give_key(user)
    upstream.delete(f"{BASE}/operators/4", json={"success": True})
    request = rf.post("/operators/4/delete/", REMOTE_ADDR="198.51.100.4")

    client_for(user, request).delete_operator(4)

    assert AuditEvent.objects.get().ip_address == "198.51.100.4"


def test_events_of_a_deleted_user_keep_the_username(api, user, upstream):
    upstream.delete(f"{BASE}/projects/7", status=204)
    api.delete_project(7)
    user.delete()
    event = AuditEvent.objects.get()
    assert (event.user, event.username) == (None, "ada")


def test_another_users_client_records_in_their_own_name(db, upstream):
    grace = make_user("grace")
    give_key(grace, OTHER_KEY)
    upstream.delete(f"{BASE}/projects/7", status=204)
    client_for(grace).delete_project(7)
    assert AuditEvent.objects.get().username == "grace"
    assert upstream.calls[0].request.headers["Authorization"] == f"Bearer {OTHER_KEY}"
