"""What the client repeats and how often: a broken answer to a write is never sent again, the
repeats a caller asks for never exceed the client's cap, and the back-off doubles
(apps/identitycall/client.py `_request`, apps/identitycall/transport.py `worth_retrying`)."""

import io
import logging
import ssl

import pytest
import requests
import responses
import urllib3

from apps.identitycall import errors, transport
from apps.identitycall.client import IdentityCallClient
from tests import transport_faults

BASE = "https://identitycall.test/api/v1/public"
KEY = "idc_" + "b" * 32
ONE = {"json": {"data": {"id": 1}}}


@pytest.fixture
def api():
    # Answers a repeat would get are registered too; that they stay unused is the point.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def sleeps():
    return []


def make(sleeps, **options):
    return IdentityCallClient(KEY, base_url=BASE, session=requests.Session(), sleep=sleeps.append,
                              **options)


def chunked():
    return requests.exceptions.ChunkedEncodingError(
        urllib3.exceptions.ProtocolError("Response ended prematurely"))


@pytest.mark.parametrize(("method", "call"), [
    ("POST", lambda c: c.create_project(name="P", language="en")),
    ("PATCH", lambda c: c.update_project(42, name="P")),
    ("DELETE", lambda c: c.delete_project(42)),
    ("POST", lambda c: c.upload_recording(io.BytesIO(b"ID3"), filename="a.mp3", project_id=1)),
])
def test_an_answer_cut_off_mid_body_is_never_repeated_for_a_write(api, sleeps, method, call):
    path = {"DELETE": "/projects/42", "PATCH": "/projects/42"}.get(method, "/projects")
    if "upload" in repr(call.__code__.co_names):
        path = "/recordings"
    api.add(method, BASE + path, body=chunked())
    api.add(method, BASE + path, status=201, **ONE)  # a repeat would get this

    with pytest.raises(errors.TransportError) as caught:
        call(make(sleeps))

    assert len(api.calls) == 1 and sleeps == []
    assert caught.value.outcome_unknown  # the write may have been applied


def test_an_answer_cut_off_mid_body_is_repeated_for_a_read(api, sleeps):
    api.get(BASE + "/projects/42", body=chunked())
    api.get(BASE + "/projects/42", **ONE)

    assert make(sleeps).get_project(42).id == 1
    assert len(api.calls) == 2 and sleeps == [0.25]


@pytest.mark.parametrize(("asked", "max_retries", "attempts"), [
    (None, 2, 3), (5, 2, 3), (1, 2, 2), (0, 2, 1), (-3, 2, 1), (4, 4, 5), (9, 0, 1),
])
def test_the_repeats_a_call_asks_for_never_exceed_the_clients_cap(api, sleeps, asked, max_retries,
                                                                    attempts):
    for _ in range(8):
        api.get(BASE + "/projects", status=503)
    client = make(sleeps, max_retries=max_retries)

    with pytest.raises(errors.ServerError):
        client._request("GET", "/projects", retry=True, retries=asked)

    assert len(api.calls) == attempts
    assert sleeps == [0.25 * 2 ** n for n in range(attempts - 1)]


def test_the_back_off_grows_from_the_clients_own_base(api, sleeps):
    for _ in range(4):
        api.get(BASE + "/projects", body=transport_faults.refused())
    client = make(sleeps, max_retries=3, backoff=0.1)

    with pytest.raises(errors.TransportError) as caught:
        client.list_projects()

    assert sleeps == [0.1, 0.2, 0.4]
    assert caught.value.sent is False  # refused every time: nothing can have arrived


def test_a_write_is_not_repeated_on_a_gateway_error_or_a_refusal_unless_asked(api, sleeps):
    api.post(BASE + "/projects", status=503)
    with pytest.raises(errors.ServerError):
        make(sleeps).create_project(name="P", language="en")
    assert len(api.calls) == 1 and sleeps == []


def test_a_refused_repeat_after_a_dropped_attempt_keeps_the_outcome_unknown(api, sleeps):
    api.post(BASE + "/recordings", body=transport_faults.dropped())
    api.post(BASE + "/recordings", body=transport_faults.refused())
    client = make(sleeps)

    with pytest.raises(errors.TransportError) as caught:
        client._request("POST", "/recordings", retry=True, retries=1)

    assert caught.value.sent is True and caught.value.outcome_unknown
    assert isinstance(caught.value.__cause__, requests.ConnectionError)


def test_a_repeat_after_a_gateway_error_that_is_then_refused_is_unknown_too(api, sleeps):
    api.get(BASE + "/projects", status=502)
    api.get(BASE + "/projects", body=transport_faults.refused())

    with pytest.raises(errors.TransportError) as caught:
        make(sleeps, max_retries=1).list_projects()

    assert caught.value.sent is True


def test_a_single_refused_attempt_is_known_not_to_have_arrived(api, sleeps):
    api.post(BASE + "/projects", body=transport_faults.refused())

    with pytest.raises(errors.TransportError) as caught:
        make(sleeps).create_project(name="P", language="en")

    assert caught.value.sent is False and not caught.value.outcome_unknown


def test_a_body_builder_is_called_afresh_for_every_attempt(api, sleeps):
    api.post(BASE + "/recordings", body=transport_faults.refused())
    api.post(BASE + "/recordings", status=201, **ONE)
    built = []

    def body():
        built.append(1)
        return io.BytesIO(b"ID3")

    reply = make(sleeps)._request("POST", "/recordings", data=body, retry=True)

    assert reply.status == 201 and len(built) == 2
    assert [call.request.body.read() if hasattr(call.request.body, "read")
            else call.request.body for call in api.calls][-1] in (b"ID3", None)


def test_each_attempt_is_sent_with_the_key_the_timeout_and_no_redirects(api, sleeps):
    seen = []
    session = requests.Session()
    real = session.request

    def request(method, url, **options):
        seen.append(options)
        return real(method, url, **options)

    session.request = request
    api.get(BASE + "/projects/42", status=503)
    api.get(BASE + "/projects/42", **ONE)
    client = IdentityCallClient(KEY, base_url=BASE + "/", session=session, sleep=sleeps.append,
                                timeout=(1, 2))

    client.get_project(42)

    assert [options["allow_redirects"] for options in seen] == [False, False]
    assert [options["timeout"] for options in seen] == [(1, 2), (1, 2)]
    assert all(options["headers"]["Authorization"] == f"Bearer {KEY}" for options in seen)
    assert api.calls[0].request.url == BASE + "/projects/42"


def test_every_attempt_is_logged_with_its_number(api, sleeps, caplog):
    api.get(BASE + "/projects/42", status=502)
    api.get(BASE + "/projects/42", **ONE)

    with caplog.at_level(logging.INFO, logger="identitycall"):
        make(sleeps).get_project(42)

    lines = [(r.method, r.path, r.status, r.attempt) for r in caplog.records]
    assert lines == [("GET", "/projects/{id}", 502, 1), ("GET", "/projects/{id}", 200, 2)]
    assert [r.getMessage().split(" in ")[0] for r in caplog.records] == [
        "IdentityCall GET /projects/{id} -> 502", "IdentityCall GET /projects/{id} -> 200"]


@pytest.mark.parametrize(("error", "method", "repeat"), [
    (transport_faults.refused(), "POST", True),
    (transport_faults.connect_timeout(), "DELETE", True),
    (transport_faults.dropped(), "PATCH", True),
    (chunked(), "GET", True),
    (chunked(), "POST", False),
    (chunked(), "get", False),
    (transport_faults.read_timeout(), "GET", False),
    (requests.exceptions.SSLError(ssl.SSLError("bad certificate")), "GET", False),
    (requests.exceptions.InvalidURL("no"), "GET", False),
])
def test_which_failures_are_worth_repeating(error, method, repeat):
    assert transport.worth_retrying(error, method) is repeat


def do_handshake():
    """Named like the standard library's SSLSocket.do_handshake: a failure while connecting."""
    raise ssl.SSLError("handshake failure")


def answering():
    raise ssl.SSLError("bad record mac")


@pytest.mark.parametrize(("where", "sent"), [(do_handshake, False), (answering, True)])
def test_a_tls_failure_counts_as_unsent_only_when_it_came_in_the_handshake(where, sent):
    try:
        where()
    except ssl.SSLError as exc:
        failure = requests.exceptions.SSLError(exc)

    assert transport.transport_error(failure).sent is sent
