"""The exceptions the IdentityCall client raises, and the one function mapping responses to them."""

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# IdentityCall docs gap: the unit of Retry-After is undocumented and both sample SDKs fall back to
# 60 when it is absent: read as seconds, default 60 (docs/api-decisions.md, "Rate limits").
DEFAULT_RETRY_AFTER = 60
# Gateway failures that a repeat may get past (docs/api-decisions.md, "Retries").
RETRYABLE_STATUSES = frozenset({502, 503, 504})

# Upstream messages are shown to people; a runaway body must not flood the page.
_MAX_MESSAGE_LENGTH = 300


class IdentityCallError(Exception):
    """Base class: every failure of an IdentityCall call is one of these."""

    default_message = "IdentityCall could not complete the request."

    def __init__(self, message=None, *, status=None, errors=(), retry_after=None):
        self.message = message or self.default_message
        self.status = status
        self.errors = list(errors)
        self.retry_after = retry_after
        super().__init__(self.message)

    @property
    def outcome_unknown(self) -> bool:
        """Return True when IdentityCall may have acted on the request without saying so clearly.

        Only a write cares: after such a failure a create, purchase, upload or delete may or may
        not have happened, so a screen must neither say "nothing was changed" nor invite a blind
        resubmit. A definite refusal (4xx) or a request that never left is not unknown.
        """
        return False

    @property
    def retryable(self) -> bool:
        """Return True when repeating the request may well succeed: the failure was in reaching
        IdentityCall (a connection error, 502/503/504), not an answer about the request."""
        return False


class TransportError(IdentityCallError):
    """IdentityCall could not be reached: refused or dropped connection, DNS, TLS.

    `sent` is False only when the failure came before the request left (refused, DNS, connect
    timeout, TLS handshake); True when IdentityCall may have received it (the safe default).
    """

    default_message = "Could not reach IdentityCall."

    def __init__(self, message=None, *, sent=True, **kwargs):
        super().__init__(message, **kwargs)
        self.sent = sent

    @property
    def outcome_unknown(self) -> bool:
        return self.sent

    @property
    def retryable(self) -> bool:
        return True


class UpstreamTimeout(TransportError):
    """IdentityCall did not accept the connection or answer within the timeout."""

    default_message = "IdentityCall did not answer in time."

    @property
    def retryable(self) -> bool:
        # A read timeout already kept a person waiting the whole timeout (docs/api-decisions.md,
        # "Retries"); one that never connected may be repeated.
        return not self.sent


class BadRequestError(IdentityCallError):
    """400: IdentityCall rejected the request's parameters."""


class AuthenticationError(IdentityCallError):
    """401: the API key is missing, malformed, revoked or expired."""


class PermissionDeniedError(IdentityCallError):
    """403: the key lacks the permission, or its project scope forbids the action."""


class NotFoundError(IdentityCallError):
    """404: the resource does not exist or lies outside the key's scope."""


class ValidationError(IdentityCallError):
    """422: invalid input, or a result that is not available yet."""


class ConflictError(IdentityCallError):
    """409: the request conflicts with the resource's current state; nothing was changed."""


class RateLimitError(IdentityCallError):
    """429: too many requests; `retry_after` says how many seconds to wait."""

    @property
    def wait_seconds(self) -> int:
        """Return the seconds to wait: Retry-After, or DEFAULT_RETRY_AFTER when IdentityCall did
        not say (docs/api-decisions.md, "Rate limits")."""
        return self.retry_after if self.retry_after is not None else DEFAULT_RETRY_AFTER


class ServerError(IdentityCallError):
    """5xx: IdentityCall or a proxy in front of it failed."""

    @property
    def outcome_unknown(self) -> bool:
        # A 5xx may come after the change was made (a crash while answering, a proxy giving up on
        # a slow answer); nothing in it tells those cases apart from "not applied".
        return True

    @property
    def retryable(self) -> bool:
        return self.status in RETRYABLE_STATUSES


class InvalidResponseError(IdentityCallError):
    """A 2xx response whose body is not the JSON the client expects."""

    default_message = "IdentityCall sent a response the console could not read."

    @property
    def outcome_unknown(self) -> bool:
        # A 2xx: IdentityCall accepted the request, but what it did cannot be read.
        return True


_BY_STATUS = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


def error_from_response(status, headers, body):
    """Return the IdentityCallError for a non-2xx `status`, `headers` mapping and raw `body`."""
    error_class = _BY_STATUS.get(status) or (
        ServerError if 500 <= status <= 599 else IdentityCallError
    )
    message, errors = _messages(_json_object(body))
    retry_after = retry_after_seconds(_header(headers, "Retry-After")) if status == 429 else None
    return error_class(
        message or f"IdentityCall answered {status}.",
        status=status,
        errors=errors,
        retry_after=retry_after,
    )


def retry_after_seconds(value, *, now=None):
    """Return the seconds a Retry-After value asks for; DEFAULT_RETRY_AFTER if absent or garbage."""
    value = (value or "").strip()
    if value.isdigit():
        # ASCII digits only ("²" passes isdigit() but not int()), and a sane length: a proxy's
        # thousand-digit header must not raise ValueError and answer 500.
        return int(value) if value.isascii() and len(value) <= 9 else DEFAULT_RETRY_AFTER
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return DEFAULT_RETRY_AFTER
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, math.ceil((moment - (now or datetime.now(UTC))).total_seconds()))


def _json_object(body):
    """Return `body` parsed as a JSON object, or None when it is empty, HTML or anything else."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(body or "")
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _messages(payload):
    """Return (message, errors) from `{"error": ...}` and/or `{"errors": [...]}`."""
    if payload is None:
        return None, []
    errors = _strings(payload.get("errors"))
    error = payload.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    if isinstance(error, str) and error.strip():
        message = error.strip()
        errors = errors or [message]
    else:
        message = "; ".join(errors) or None
    if message and len(message) > _MAX_MESSAGE_LENGTH:
        message = message[: _MAX_MESSAGE_LENGTH - 1] + "…"
    return message, errors


def _strings(value):
    """Return messages from a list of strings, or from a Rails-style {"field": ["problem"]} map."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, (str, int, float))]
    if isinstance(value, dict):
        return [
            f"{field} {problem}"
            for field, problems in value.items()
            for problem in (problems if isinstance(problems, list) else [problems])
        ]
    return []


def _header(headers, name):
    """Return header `name` from any mapping, case-insensitively; None when absent."""
    if not isinstance(headers, Mapping):
        return None
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)
