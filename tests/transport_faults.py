"""Network failures built the way requests raises them, for tests that fake the network.

requests wraps urllib3's error: a refused connection is ConnectionError(MaxRetryError(reason=
NewConnectionError)), a connection dropped after the request went out is
ConnectionError(ProtocolError(RemoteDisconnected)). The client reads that wrapping to tell a
request that never left (nothing can have changed) from one IdentityCall may have acted on, so a
bare `requests.ConnectionError("refused")` counts as the second kind. The shapes are checked
against real sockets in tests/identitycall/test_request_sent.py.
"""

import http.client

import requests
from urllib3.connection import HTTPSConnection
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)

_HOST = "identitycall.test"
_URL = "/api/v1/public/projects"


def refused():
    """Return the error of a connection IdentityCall refused: the request never left."""
    message = "Failed to establish a new connection: [Errno 111] Connection refused"
    reason = NewConnectionError(HTTPSConnection(_HOST), message)
    return requests.ConnectionError(MaxRetryError(None, _URL, reason))


def connect_timeout():
    """Return the error of a connection not accepted in time: the request never left."""
    reason = ConnectTimeoutError(HTTPSConnection(_HOST), "Connection timed out (connect timeout=3)")
    return requests.ConnectTimeout(MaxRetryError(None, _URL, reason))


def dropped():
    """Return the error of a connection closed after the request was sent, before any answer."""
    closed = http.client.RemoteDisconnected("Remote end closed connection without response")
    return requests.ConnectionError(ProtocolError("Connection aborted.", closed))


def read_timeout():
    """Return the error of an answer that did not come within the read timeout."""
    return requests.ReadTimeout(ReadTimeoutError(None, _URL, "Read timed out. (read timeout=20)"))
