"""HTTP plumbing for the client: the pooled session, URL building, retry policy, body parsing."""

import json
import re
import threading
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from .errors import InvalidResponseError, NotFoundError, TransportError, UpstreamTimeout

RETRY_STATUSES = frozenset({502, 503, 504})
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
    # A read timeout (STYLE.md: not a connection error) has already kept a person waiting the
    # whole read timeout; repeating it would triple the wait, so it is never retried.
    return False


def transport_error(exc):
    """Return the TransportError (or UpstreamTimeout) for a failed attempt's requests exception."""
    return UpstreamTimeout() if isinstance(exc, requests.Timeout) else TransportError()


def parse_body(content, status):
    """Return a 2xx body parsed as JSON, None when empty; raises InvalidResponseError."""
    if not content.strip():
        return None
    try:
        return json.loads(content)
    except ValueError as exc:
        raise InvalidResponseError(status=status) from exc
