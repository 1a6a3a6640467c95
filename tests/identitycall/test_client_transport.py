"""What every call shares: headers, timeouts, retries, logging, path quoting and the session."""

import io
import logging
import socket

import pytest
import requests
import responses

from apps.identitycall import transport
from apps.identitycall.client import IdentityCallClient, shared_session
from apps.identitycall.errors import (
    IdentityCallError,
    NotFoundError,
    ServerError,
    TransportError,
    UpstreamTimeout,
)

OBJECT = {"json": {"data": {"id": 1}}}
ARRAY = {"json": {"data": []}}
EMPTY = {"status": 204, "body": ""}

# (operation, call, method, path, answer): all 25 operations, plus rename as a shorthand.
OPERATIONS = [
    ("list_recordings", lambda c: c.list_recordings(), "GET", "/recordings", ARRAY),
    ("upload_recording",
     lambda c: c.upload_recording(io.BytesIO(b"a"), filename="a.wav", project_id=1),
     "POST", "/recordings", {"status": 201, **OBJECT}),
    ("get_recording", lambda c: c.get_recording("r-1"), "GET", "/recordings/r-1", OBJECT),
    ("rename_recording", lambda c: c.rename_recording("r-1", "New"), "PATCH", "/recordings/r-1",
     OBJECT),
    ("update_recording", lambda c: c.update_recording("r-1", project_id=2), "PATCH",
     "/recordings/r-1", OBJECT),
    ("delete_recording", lambda c: c.delete_recording("r-1"), "DELETE", "/recordings/r-1", EMPTY),
    ("get_transcription", lambda c: c.get_transcription("r-1"), "GET",
     "/recordings/r-1/transcription", OBJECT),
    ("get_results", lambda c: c.get_results("r-1"), "GET", "/recordings/r-1/results", OBJECT),
    ("get_summary", lambda c: c.get_summary("r-1"), "GET", "/recordings/r-1/summary", OBJECT),
    ("list_projects", lambda c: c.list_projects(), "GET", "/projects", ARRAY),
    ("create_project", lambda c: c.create_project(name="P", language="en"), "POST", "/projects",
     {"status": 201, **OBJECT}),
    ("get_project", lambda c: c.get_project(42), "GET", "/projects/42", OBJECT),
    ("update_project", lambda c: c.update_project(42, name="P"), "PATCH", "/projects/42", OBJECT),
    ("delete_project", lambda c: c.delete_project(42), "DELETE", "/projects/42", EMPTY),
    ("list_virtual_numbers", lambda c: c.list_virtual_numbers(), "GET", "/virtual_numbers",
     ARRAY),
    ("search_available_numbers", lambda c: c.search_available_numbers(), "GET",
     "/virtual_numbers/available", ARRAY),
    ("purchase_number", lambda c: c.purchase_number("+15551234567"), "POST",
     "/virtual_numbers/purchase", {"status": 201, **OBJECT}),
    ("get_virtual_number", lambda c: c.get_virtual_number(9), "GET", "/virtual_numbers/9",
     OBJECT),
    ("update_virtual_number", lambda c: c.update_virtual_number(9, active=False), "PATCH",
     "/virtual_numbers/9", OBJECT),
    ("add_operator", lambda c: c.add_operator(9, operator_id=22), "POST",
     "/virtual_numbers/9/add_operator", OBJECT),
    ("remove_operator", lambda c: c.remove_operator(9, 22), "DELETE",
     "/virtual_numbers/9/remove_operator", OBJECT),
    ("list_operators", lambda c: c.list_operators(), "GET", "/operators", ARRAY),
    ("create_operator", lambda c: c.create_operator(name="Jane", phone_number="+15551234567"),
     "POST", "/operators", {"status": 201, **OBJECT}),
    ("get_operator", lambda c: c.get_operator(42), "GET", "/operators/42", OBJECT),
    ("update_operator", lambda c: c.update_operator(42, active=True), "PATCH", "/operators/42",
     OBJECT),
    ("delete_operator", lambda c: c.delete_operator(42), "DELETE", "/operators/42",
     {"json": {"success": True}}),
]
READS = [operation for operation in OPERATIONS if operation[2] == "GET"]
WRITES = [operation for operation in OPERATIONS if operation[2] != "GET"]


def ids(operations):
    return [operation[0] for operation in operations]


@pytest.mark.parametrize(("name", "call", "method", "path", "answer"), OPERATIONS,
                         ids=ids(OPERATIONS))
def test_every_operation_sends_its_method_and_path_with_the_key_and_a_timeout(
    client, api, key, name, call, method, path, answer
):
    api.reply(method, path, **answer)

    call(client)

    sent = api.last
    assert (sent.method, api.path(sent)) == (method, path)
    assert sent.headers["Authorization"] == f"Bearer {key}"
    assert sent.headers["User-Agent"] == "IdentityCallConsole/0.1"
    assert sent.headers["Accept"] == "application/json"
    read_timeout = 300.0 if name == "upload_recording" else 20.0
    assert sent.req_kwargs["timeout"] == (3.05, read_timeout)


@pytest.mark.parametrize(("name", "call", "method", "path", "answer"), READS, ids=ids(READS))
def test_every_read_is_retried_twice_on_503_then_succeeds(
    client, api, sleeps, name, call, method, path, answer
):
    api.reply(method, path, status=503, body="")
    api.reply(method, path, status=503, body="")
    api.reply(method, path, **answer)

    call(client)

    assert len(api.requests) == 3
    assert sleeps == [0.25, 0.5]


@pytest.mark.parametrize(("name", "call", "method", "path", "answer"), WRITES, ids=ids(WRITES))
def test_no_write_is_retried_on_503(client, api, sleeps, name, call, method, path, answer):
    api.reply(method, path, status=503, body="")

    with pytest.raises(ServerError):
        call(client)

    assert len(api.requests) == 1
    assert sleeps == []


# Retries


def test_a_read_gives_up_after_two_retries_on_gateway_errors(client, api, sleeps):
    for status in (502, 504, 503):
        api.reply("GET", "/projects", status=status, body="Bad gateway")

    with pytest.raises(ServerError) as caught:
        client.list_projects()

    assert caught.value.status == 503
    assert len(api.requests) == 3
    assert sleeps == [0.25, 0.5]


def test_a_500_is_not_retried(client, api, sleeps):
    api.reply("GET", "/projects", status=500, json={"error": "boom"})

    with pytest.raises(ServerError):
        client.list_projects()

    assert len(api.requests) == 1 and sleeps == []


def test_max_retries_zero_makes_a_single_attempt(session, api, sleeps, key):
    client = IdentityCallClient(key, base_url="https://identitycall.test/api/v1/public",
                                session=session, max_retries=0, sleep=sleeps.append)
    api.reply("GET", "/projects", status=503, body="")

    with pytest.raises(ServerError):
        client.list_projects()

    assert len(api.requests) == 1 and sleeps == []


def test_a_dropped_connection_on_a_read_is_retried(client, api, sleeps):
    api.fail("GET", "/operators", requests.ConnectionError("Connection aborted"))
    api.reply("GET", "/operators", json={"data": []})

    assert client.list_operators() == []
    assert len(api.requests) == 2 and sleeps == [0.25]


def test_a_connect_timeout_that_persists_raises_upstream_timeout(client, api):
    for _ in range(3):
        api.fail("GET", "/operators/42", requests.ConnectTimeout("connect timed out"))

    with pytest.raises(UpstreamTimeout) as caught:
        client.get_operator(42)

    assert len(api.requests) == 3
    assert isinstance(caught.value.__cause__, requests.ConnectTimeout)
    assert not isinstance(caught.value, requests.RequestException)
    assert caught.value.status is None


def test_a_read_timeout_is_not_retried_even_on_a_read(client, api):
    # Only connection errors and 502/503/504 are retried (docs/api-decisions.md, "Retries"); a
    # read timeout already cost the person waiting a whole read timeout, and two more would
    # triple it.
    api.fail("GET", "/operators/42", requests.ReadTimeout("read timed out"))

    with pytest.raises(UpstreamTimeout):
        client.get_operator(42)

    assert len(api.requests) == 1


def test_a_read_timeout_on_a_write_is_not_retried(client, api):
    api.fail("POST", "/operators", requests.ReadTimeout("read timed out"))

    with pytest.raises(UpstreamTimeout):
        client.create_operator(name="Jane", phone_number="+15551234567")

    assert len(api.requests) == 1


def test_a_dropped_connection_on_a_write_raises_transport_error_without_retry(client, api):
    api.fail("PATCH", "/operators/42", requests.ConnectionError("Connection reset by peer"))

    with pytest.raises(TransportError) as caught:
        client.update_operator(42, active=False)

    assert type(caught.value) is TransportError
    assert caught.value.message == "Could not reach IdentityCall."
    assert len(api.requests) == 1


def test_a_tls_failure_is_not_retried(client, api):
    api.fail("GET", "/projects", requests.exceptions.SSLError("certificate verify failed"))

    with pytest.raises(TransportError):
        client.list_projects()

    assert len(api.requests) == 1


def test_a_refused_connection_on_a_real_socket_raises_transport_error(key, sleeps):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the client connects
    session = requests.Session()
    session.trust_env = False
    client = IdentityCallClient(key, base_url=f"http://127.0.0.1:{port}/api/v1/public",
                                session=session, sleep=sleeps.append)

    with pytest.raises(TransportError) as caught:
        client.list_projects()

    assert isinstance(caught.value.__cause__, requests.ConnectionError)
    assert sleeps == [0.25, 0.5]


def test_a_redirect_is_not_followed(client, api):
    api.reply("GET", "/projects", status=302, headers={"Location": "https://elsewhere.test/"})

    with pytest.raises(IdentityCallError) as caught:
        client.list_projects()

    assert caught.value.status == 302
    assert len(api.requests) == 1


# Logging


def identitycall_records(caplog):
    return [record for record in caplog.records if record.name == "identitycall"]


def test_each_attempt_logs_one_line_with_the_path_template(client, api, caplog, public_id):
    caplog.set_level(logging.INFO, logger="identitycall")
    api.reply("GET", f"/recordings/{public_id}", status=503, body="")
    api.reply("GET", f"/recordings/{public_id}", json={"data": {"public_id": public_id}})

    client.get_recording(public_id)

    first, second = identitycall_records(caplog)
    assert [(r.method, r.path, r.status, r.attempt) for r in (first, second)] == [
        ("GET", "/recordings/{id}", 503, 1),
        ("GET", "/recordings/{id}", 200, 2),
    ]
    assert all(r.levelno == logging.INFO and r.duration_ms >= 0 for r in (first, second))
    assert first.getMessage().startswith("IdentityCall GET /recordings/{id} -> 503 in ")
    assert second.getMessage().endswith(" ms (attempt 2)")
    assert public_id not in caplog.text


def test_logs_never_contain_the_key_the_query_values_or_the_body(client, api, caplog, key):
    caplog.set_level(logging.INFO, logger="identitycall")
    api.reply("GET", "/recordings", json={"data": []})
    api.reply("POST", "/operators", status=201, json={"data": {"id": 1}})

    client.list_recordings(status="failed", project_id=987654)
    client.create_operator(name="Zelda Quartermain", phone_number="+15550009999")

    records = identitycall_records(caplog)
    assert len(records) == 2
    logged = caplog.text + " ".join(str(vars(record)) for record in records)
    for secret in (key, "Bearer", "987654", "failed", "Zelda", "+15550009999"):
        assert secret not in logged


def test_a_failed_attempt_logs_the_exception_name(client, api, caplog):
    caplog.set_level(logging.INFO, logger="identitycall")
    api.fail("DELETE", "/projects/42", requests.ReadTimeout("read timed out"))

    with pytest.raises(UpstreamTimeout):
        client.delete_project(42)

    (record,) = identitycall_records(caplog)
    assert (record.method, record.path, record.status) == ("DELETE", "/projects/{id}",
                                                           "ReadTimeout")


# The key stays out of sight


def test_repr_does_not_show_the_key(client, key):
    assert key not in repr(client)
    assert key not in str(client)


def test_a_malformed_key_is_refused_without_repeating_it():
    with pytest.raises(ValueError) as caught:
        IdentityCallClient("idc_secret with\nnewline", base_url="https://identitycall.test")

    assert "secret" not in str(caught.value)


def test_two_clients_on_one_session_each_send_their_own_key(session, api):
    base_url = "https://identitycall.test/api/v1/public"
    first = IdentityCallClient("idc_" + "1" * 32, base_url=base_url, session=session)
    second = IdentityCallClient("idc_" + "2" * 32, base_url=base_url, session=session)
    api.reply("GET", "/projects", json={"data": []})
    api.reply("GET", "/projects", json={"data": []})

    first.list_projects()
    second.list_projects()

    assert [r.headers["Authorization"] for r in api.requests] == [
        "Bearer idc_" + "1" * 32,
        "Bearer idc_" + "2" * 32,
    ]
    assert "Authorization" not in session.headers


# Path arguments


@pytest.mark.parametrize(
    ("ref", "path"),
    [
        ("../x", "/recordings/..%2Fx"),
        ("../../projects/1", "/recordings/..%2F..%2Fprojects%2F1"),
        ("a b?c#d", "/recordings/a%20b%3Fc%23d"),
        ("100%", "/recordings/100%25"),
    ],
)
def test_path_arguments_are_quoted_so_they_stay_one_segment(client, api, ref, path):
    api.reply("GET", path, json={"data": {"id": 1}})

    client.get_recording(ref)

    assert api.path() == path


@pytest.mark.parametrize("ref", ["", ".", ".."])
def test_empty_or_dot_path_arguments_are_not_found_without_a_request(client, api, ref):
    with pytest.raises(NotFoundError):
        client.get_transcription(ref)

    assert api.requests == []


# The shared session


@pytest.fixture
def fresh_shared_session(monkeypatch):
    """Let a test build the process-wide session from scratch, then forget it."""
    monkeypatch.setattr(transport, "_shared_session", None)


def test_shared_session_is_one_pooled_session_without_retries(fresh_shared_session):
    session = shared_session(pool_size=8)

    assert shared_session() is session
    adapter = session.get_adapter("https://identitycall.test/")
    assert adapter._pool_maxsize == 8
    assert adapter.max_retries.total == 0


def test_a_client_without_a_session_uses_the_shared_one(fresh_shared_session, key):
    client = IdentityCallClient(key, base_url="https://identitycall.test/api/v1/public")

    assert client._session is shared_session()


def test_the_shared_session_keeps_no_cookies(fresh_shared_session, key):
    client = IdentityCallClient(key, base_url="https://identitycall.test/api/v1/public")
    with responses.RequestsMock() as mock:
        mock.get("https://identitycall.test/api/v1/public/projects", json={"data": []},
                 headers={"Set-Cookie": "session=alice; Path=/"})
        client.list_projects()

    assert len(shared_session().cookies) == 0
