"""HTTP plumbing for the client: the pooled session, URL building, retry policy, body parsing."""

import json
import re
import ssl
import threading
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import quote

import requests
import urllib3
from requests.adapters import HTTPAdapter

from .errors import (
    InvalidResponseError,
    NotFoundError,
    TransportError,
    UpstreamTimeout,
)

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

_shared_session = None
_shared_session_lock = threading.Lock()


def shared_session(pool_size=16):
    """Return the process-wide Session; its keep-alive pool is reused by every client and user."""
    global _shared_session
    with _shared_session_lock:
        if _shared_session is None:
            session = requests.Session()
            # A handful of hosts at most (the API, perhaps the sandbox); pool_size per host.
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            # Every user's calls share this session, so it must hold no per-user state: the key
            # travels in each request's headers, and cookies an upstream sets are refused.
            session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
            _shared_session = session
        return _shared_session


@dataclass(frozen=True, slots=True)
class Reply:
    """A 2xx answer: its status and its parsed JSON body (None when the body was empty)."""

    status: int
    body: Any

    def object(self) -> dict:
        """Return `data` as a JSON object; raises InvalidResponseError otherwise."""
        data = self.body.get("data") if isinstance(self.body, dict) else None
        if not isinstance(data, dict):
            raise InvalidResponseError(status=self.status)
        return data

    def array(self) -> list:
        """Return `data` as a JSON array; raises InvalidResponseError otherwise."""
        data = self.body.get("data") if isinstance(self.body, dict) else None
        if not isinstance(data, list):
            raise InvalidResponseError(status=self.status)
        return data


def expand(template, args):
    """Return `template` with each {placeholder} replaced by the next argument, quoted."""
    placeholders = _PLACEHOLDER.findall(template)
    if len(placeholders) != len(args):
        raise TypeError(f"{template} takes {len(placeholders)} path arguments, got {len(args)}.")
    segments = iter([_segment(arg) for arg in args])
    return _PLACEHOLDER.sub(lambda _match: next(segments), template)


def _segment(arg):
    """Return `arg` quoted as one path segment; raises NotFoundError for empty or dot segments."""
    segment = quote(str(arg), safe="")
    # quote() leaves dots alone, and urllib3 collapses "/recordings/.." to the API root, while ""
    # would turn "/recordings/{id}" into the list. No resource has such an identifier.
    if segment in ("", ".", ".."):
        raise NotFoundError("Resource not found")
    return segment


def worth_retrying(exc, method):
    """Return True when a failed attempt may be repeated: it never reached the server, or a GET."""
    if isinstance(exc, requests.exceptions.SSLError):
        return False  # A certificate problem does not fix itself in a quarter of a second.
    if isinstance(exc, requests.ConnectionError):  # ConnectTimeout included
        return True
    # The connection broke mid-answer: the server may have acted, so only a read is repeated.
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return method == "GET"
    # A read timeout (not a connection error, docs/api-decisions.md, "Retries") has already kept a
    # person waiting the whole read timeout; repeating it would triple the wait, so it is never
    # retried.
    return False


# Failures that happen before a byte of the request leaves, so IdentityCall cannot have acted:
# refused or unreachable (NewConnectionError, NameResolutionError for DNS, both subclasses of
# ConnectTimeoutError), not accepted in time, no connection to be had from the pool, a URL that
# cannot be requested. A TLS handshake failure is told by where it was raised (_in_handshake).
_BEFORE_SENDING = (
    urllib3.exceptions.ConnectTimeoutError,
    urllib3.exceptions.ClosedPoolError,
    urllib3.exceptions.EmptyPoolError,
    urllib3.exceptions.LocationValueError,
    requests.exceptions.ConnectTimeout,
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    ssl.SSLCertVerificationError,
)


def transport_error(exc):
    """Return the TransportError (or UpstreamTimeout) for a failed attempt's requests exception.

    Its `sent` says whether IdentityCall may have received the request: False only when the
    failure provably came before sending; anything else (a dropped or reset connection, a read
    timeout, an answer cut off, a failure not recognised) may have reached it.
    """
    causes = list(_causes(exc))
    sent = not any(_before_sending(cause) for cause in causes)
    timed_out = any(_timed_out(cause) for cause in causes)
    if not timed_out:
        return TransportError(sent=sent)
    if sent:
        return UpstreamTimeout(sent=True)
    return UpstreamTimeout("IdentityCall did not accept the connection in time.", sent=False)


def _causes(exc):
    """Yield exc and every error it wraps, outermost first.

    requests puts urllib3's error in args[0] (ConnectionError(MaxRetryError)), MaxRetryError
    names the real one as `.reason`, and ProtocolError("Connection aborted.", error) carries it
    second; `raise ... from` chains are followed too.
    """
    pending, seen = [exc], set()
    while pending:
        error = pending.pop(0)
        if not isinstance(error, BaseException) or id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        pending.extend(error.args)
        pending.extend((getattr(error, "reason", None), error.__cause__))


def _timed_out(error):
    """Return True when `error` is a connect or read timeout, however requests wrapped it."""
    # requests raises a timeout while reading the body as ConnectionError(ReadTimeoutError), and
    # urllib3 files a refused connection (NewConnectionError) under ConnectTimeoutError.
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return False
    return isinstance(error, (requests.Timeout, urllib3.exceptions.TimeoutError))


def _before_sending(error):
    """Return True when `error` can only have happened before the request was sent."""
    if isinstance(error, _BEFORE_SENDING):
        return True
    return isinstance(error, ssl.SSLError) and _in_handshake(error)


def _in_handshake(error):
    """Return True when a TLS error was raised while the connection was being set up."""
    # A TLS error while reading an answer has the same class; only where it was raised tells
    # them apart, and the handshake is the standard library's own SSLSocket.do_handshake.
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_name == "do_handshake":
            return True
        frame = frame.tb_next
    return False


def parse_body(content, status):
    """Return a 2xx body parsed as JSON, None when empty; raises InvalidResponseError."""
    if not content.strip():
        return None
    try:
        return json.loads(content)
    except ValueError as exc:
        raise InvalidResponseError(status=status) from exc
