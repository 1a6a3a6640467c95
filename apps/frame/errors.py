"""What IdentityCall's failures mean to a person: one plain sentence per failure.

The one funnel turning an IdentityCallError into words a person can act on (`describe_error`),
shared by the middleware (apps/frame/middleware.py) and the views that catch errors themselves.
"""

from apps.identitycall import errors


# The documented 403 messages (API reference §3.4) and what each means for the person reading it.
# Anything else upstream says is never shown: it could be a proxy's HTML page.
PERMISSION_SENTENCES = {
    "read permission required": "Your API key does not have read permission.",
    "write permission required": (
        "Your API key does not have write permission, which this action needs."
    ),
    "delete permission required": (
        "Your API key does not have delete permission, which this action needs."
    ),
    "project-scoped api keys cannot create or destroy projects": (
        "Your API key is limited to one project, so it cannot create or delete projects."
    ),
}


def retry_after_seconds(exc: errors.RateLimitError) -> int:
    """Return how many seconds to wait after a 429 (60 when IdentityCall did not say)."""
    # IdentityCall docs gap: Retry-After may be absent; §10 says assume 60 (errors.py does too).
    return exc.retry_after if exc.retry_after is not None else errors.DEFAULT_RETRY_AFTER


def describe_error(exc: errors.IdentityCallError, *, writing: bool = False) -> str:
    """Return one plain sentence for exc; `writing` is true when the request changes data."""
    if isinstance(exc, errors.AuthenticationError):
        return "IdentityCall rejected your API key."
    if isinstance(exc, errors.PermissionDeniedError):
        upstream = (exc.message or "").strip().rstrip(".").lower()
        return PERMISSION_SENTENCES.get(upstream, "Your API key does not allow this action.")
    if isinstance(exc, errors.NotFoundError):
        return "Not found in IdentityCall: it may have been deleted, or your key cannot see it."
    if isinstance(exc, errors.RateLimitError):
        seconds = retry_after_seconds(exc)
        unit = "second" if seconds == 1 else "seconds"
        return f"IdentityCall is rate limiting requests; try again in {seconds} {unit}."
    if isinstance(exc, errors.ConflictError):
        return conflict_sentence(exc)
    if isinstance(exc, (errors.BadRequestError, errors.ValidationError)):
        return "IdentityCall did not accept the request as sent."
    if writing and exc.outcome_unknown:
        return unknown_outcome_sentence(exc)
    if writing and isinstance(exc, errors.UpstreamTimeout):
        return "IdentityCall did not accept the connection in time; nothing was changed."
    if writing:
        # Only a request that never left (refused, DNS, TLS handshake) or one IdentityCall
        # refused outright gets here: nothing can have been applied.
        return "IdentityCall is unreachable; nothing was changed."
    return "IdentityCall is unreachable right now."


def conflict_sentence(exc: errors.ConflictError) -> str:
    """Return the sentence for a 409, quoting what IdentityCall said (templates escape it)."""
    # IdentityCall docs gap: no endpoint documents a 409; its words are the only explanation.
    said = exc.message.strip().rstrip(".") if exc.errors else ""
    if not said:  # an empty body or a proxy's page: nothing worth quoting
        return "The request conflicts with the current state in IdentityCall."
    return f"The request conflicts with the current state in IdentityCall: {said}."


UNKNOWN_OUTCOME = "so the change may or may not have been applied; check before trying again."


def unknown_outcome_sentence(exc: errors.IdentityCallError) -> str:
    """Return why a write may or may not have been applied (exc.outcome_unknown is true)."""
    if isinstance(exc, errors.InvalidResponseError):
        # A malformed 2xx still means IdentityCall accepted the change.
        return (
            "IdentityCall answered in an unexpected way; reload to check whether the change "
            "was applied."
        )
    if isinstance(exc, errors.UpstreamTimeout):
        return f"IdentityCall did not answer in time, {UNKNOWN_OUTCOME}"
    if isinstance(exc, errors.TransportError):
        return f"The connection to IdentityCall broke after the request was sent, {UNKNOWN_OUTCOME}"
    return f"IdentityCall failed while handling the request, {UNKNOWN_OUTCOME}"
