"""Whether a failed call may have reached IdentityCall, told from real sockets.

Only a failure before the request left (refused, DNS, connect timeout, TLS handshake) proves that
nothing changed; after it left (dropped, reset, read timeout, a cut-off answer) IdentityCall may
have acted, so the outcome of a write is unknown.
"""

import http.client
import socket
import struct
import threading
import time

import pytest
import requests
from urllib3.connection import HTTPSConnection
from urllib3.exceptions import MaxRetryError, NameResolutionError

from apps.identitycall.client import IdentityCallClient
from apps.identitycall.errors import TransportError, UpstreamTimeout
from apps.identitycall.transport import transport_error
from tests.transport_faults import connect_timeout, dropped, read_timeout, refused

KEY = "idc_" + "s" * 32


class Listener:
    """A local TCP server whose every connection is handled by `behaviour(connection)`."""

    def __init__(self, behaviour, backlog=8):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(backlog)
        self.port = self.socket.getsockname()[1]
        self.behaviour = behaviour
        self.received = []
        if behaviour is not None:
            threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                self.received.append(connection.recv(65536))
                self.behaviour(connection)

    def close(self):
        self.socket.close()


@pytest.fixture
def listen():
    listeners = []

    def start(behaviour, backlog=8):
        listeners.append(Listener(behaviour, backlog))
        return listeners[-1]

    yield start
    for listener in listeners:
        listener.close()


def create_project(port, scheme="http", timeout=(0.5, 0.5)):
    """Return the error a project create against 127.0.0.1:port raised."""
    with requests.Session() as session:
        client = IdentityCallClient(
            KEY, base_url=f"{scheme}://127.0.0.1:{port}/api/v1/public", session=session,
            timeout=timeout, sleep=lambda seconds: None,
        )
        with pytest.raises(TransportError) as caught:
            client.create_project(name="P", language="en")
    return caught.value


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def close_without_answer(connection):
    pass  # the `with` closes it once the request was read


def reset(connection):
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def never_answer(connection):
    time.sleep(1.5)


def cut_off_answer(connection):
    connection.sendall(
        b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n"
        b'{"data": {"id": 4'
    )


def answer_then_stall(connection):
    connection.sendall(
        b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n"
        b'{"data": {"id": 4'
    )
    time.sleep(1.5)


def plain_http(connection):
    connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")


def test_a_refused_connection_never_reached_identitycall():
    error = create_project(closed_port())

    assert type(error) is TransportError
    assert error.sent is False and error.outcome_unknown is False


def test_a_connection_not_accepted_in_time_never_reached_identitycall(listen):
    full = listen(None, backlog=0)
    waiting = []
    try:
        # Fill the accept queue until a handshake goes unanswered: then it is full for sure.
        for _ in range(16):
            queued = socket.socket()
            queued.settimeout(0.2)
            waiting.append(queued)
            try:
                queued.connect(("127.0.0.1", full.port))
            except TimeoutError:
                break
        else:
            pytest.fail("the listening socket's accept queue never filled")

        error = create_project(full.port, timeout=(0.3, 0.5))
    finally:
        for queued in waiting:
            queued.close()
    assert type(error) is UpstreamTimeout
    assert error.sent is False and error.outcome_unknown is False


def test_a_failed_tls_handshake_never_reached_identitycall(listen):
    server = listen(plain_http)

    error = create_project(server.port, scheme="https")

    assert type(error) is TransportError
    assert error.sent is False and error.outcome_unknown is False
    assert not any(b"/projects" in data for data in server.received)  # the request never left


@pytest.mark.parametrize(
    ("behaviour", "error_class"),
    [
        (close_without_answer, TransportError),
        (reset, TransportError),
        (never_answer, UpstreamTimeout),
        (cut_off_answer, TransportError),
        (answer_then_stall, UpstreamTimeout),
    ],
    ids=["closed-before-answering", "reset", "read-timeout", "cut-off-answer", "stalled-answer"],
)
def test_a_failure_after_the_request_was_sent_leaves_the_outcome_unknown(
    listen, behaviour, error_class
):
    server = listen(behaviour)

    error = create_project(server.port)

    assert type(error) is error_class
    assert error.sent is True and error.outcome_unknown is True
    assert any(b"POST /api/v1/public/projects" in data for data in server.received)


def test_a_name_that_does_not_resolve_never_reached_identitycall():
    unknown = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    reason = NameResolutionError("nowhere.invalid", HTTPSConnection("nowhere.invalid"), unknown)

    error = transport_error(requests.ConnectionError(MaxRetryError(None, "/", reason)))

    assert error.sent is False


def test_a_failure_the_client_cannot_place_counts_as_maybe_sent():
    assert transport_error(requests.ConnectionError("something broke")).sent is True
    assert transport_error(requests.RequestException()).sent is True


def _shape(error):
    """Return the classes of an error and of what it wraps (args and MaxRetryError.reason)."""
    shape = []
    while isinstance(error, BaseException):
        shape.append(type(error))
        wrapped = getattr(error, "reason", None)
        if not isinstance(wrapped, BaseException):
            wrapped = next((arg for arg in error.args if isinstance(arg, BaseException)), None)
        error = wrapped
    return shape


def _raised(port, timeout=(0.5, 0.5)):
    try:
        requests.post(f"http://127.0.0.1:{port}/api/v1/public/projects", timeout=timeout)
    except requests.RequestException as exc:
        return exc
    raise AssertionError("no error")


def test_the_faked_failures_have_the_shape_requests_gives_real_ones(listen):
    closing, silent = listen(close_without_answer), listen(never_answer)

    assert _shape(refused()) == _shape(_raised(closed_port()))
    assert _shape(dropped()) == _shape(_raised(closing.port))
    assert _shape(read_timeout()) == _shape(_raised(silent.port))
    assert _shape(dropped())[-1] is http.client.RemoteDisconnected
    assert [transport_error(fake).sent for fake in (refused(), connect_timeout())] == [False, False]
    assert [transport_error(fake).sent for fake in (dropped(), read_timeout())] == [True, True]
