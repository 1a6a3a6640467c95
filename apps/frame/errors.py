"""What IdentityCall's failures mean to a person: one plain sentence per failure.

The one funnel turning an IdentityCallError into words a person can act on (`describe_error`),
shared by the middleware (apps/frame/middleware.py), the key's hints (apps/frame/key_hints.py) and
the views that catch errors themselves. A view says what it was doing (`action`, for a refusal)
and what was left undone (`outcome`, for a failure that changed nothing); the sentence around
them is written here once.
"""

from apps.identitycall import errors

# What a documented 403 says the key lacks. IdentityCall's words are read only to tell these
# apart (docs/api-decisions.md, "Error bodies"); what a 403 says is never shown: it could be a
# proxy's HTML page. The only upstream words describe_error shows are a 409's JSON message, quoted
# by conflict_sentence (and escaped by the templates).
READ, WRITE, DELETE, SCOPED = "read", "write", "delete", "scoped"
REFUSALS = {
    "read permission required": READ,
    "write permission required": WRITE,
    "delete permission required": DELETE,
    "project-scoped api keys cannot create or destroy projects": SCOPED,
}
# What each documented refusal means for the person reading it.
PERMISSION_SENTENCES = {
    READ: "Your API key does not have read permission.",
    WRITE: "Your API key does not have write permission, which this action needs.",
    DELETE: "Your API key does not have delete permission, which this action needs.",
    SCOPED: "Your API key is limited to one project, so it cannot create or delete projects.",
}
NOT_ALLOWED = "Your API key does not allow this action."
WRITE_WAY_OUT = (
    "Save a key with write permission under Settings → API key, or ask the account owner to do "
    "this."
)
NOTHING_CHANGED = "nothing was changed"


def refused_for(exc: errors.IdentityCallError) -> str | None:
    """Return what a 403 says the key lacks (READ, WRITE, DELETE or SCOPED), else None."""
    if not isinstance(exc, errors.PermissionDeniedError):
        return None
    return REFUSALS.get((exc.message or "").strip().rstrip(".").lower())


def permission_sentence(exc: errors.PermissionDeniedError, *, action: str | None = None) -> str:
    """Return why the key was refused; `action` ("buy numbers") names what a read-only key cannot
    do, and the sentence then says where to change the key."""
    lacks = refused_for(exc)
    if action and lacks == WRITE:
        return f"Your API key is read-only, so it cannot {action}. {WRITE_WAY_OUT}"
    return PERMISSION_SENTENCES.get(lacks, NOT_ALLOWED)


def rate_limit_sentence(exc: errors.RateLimitError, *, outcome: str | None = None) -> str:
    """Return when to try again after a 429; `outcome` ("nothing was bought") says what was not
    done. The wait is exc.wait_seconds (docs/api-decisions.md, "Rate limits")."""
    seconds = exc.wait_seconds
    wait = f"{seconds} {'second' if seconds == 1 else 'seconds'}"
    if outcome:
        return f"IdentityCall is rate limiting requests; {outcome}. Try again in {wait}."
    return f"IdentityCall is rate limiting requests; try again in {wait}."


def describe_error(
    exc: errors.IdentityCallError,
    *,
    writing: bool = False,
    action: str | None = None,
    outcome: str | None = None,
) -> str:
    """Return one plain sentence for exc.

    `writing` is true when the request changes data; `action` names what a refused key cannot do
    ("change this number"); `outcome` what a failure left undone ("the key was not saved"), said
    after a rate limit and, for a write, after a request that never left.
    """
    if isinstance(exc, errors.AuthenticationError):
        return "IdentityCall rejected your API key."
    if isinstance(exc, errors.PermissionDeniedError):
        return permission_sentence(exc, action=action)
    if isinstance(exc, errors.NotFoundError):
        return "Not found in IdentityCall: it may have been deleted, or your key cannot see it."
    if isinstance(exc, errors.RateLimitError):
        return rate_limit_sentence(exc, outcome=outcome)
    if isinstance(exc, errors.ConflictError):
        return conflict_sentence(exc)
    if isinstance(exc, (errors.BadRequestError, errors.ValidationError)):
        return "IdentityCall did not accept the request as sent."
    if writing and exc.outcome_unknown:
        return unknown_outcome_sentence(exc)
    if writing and isinstance(exc, errors.UpstreamTimeout):
        return f"IdentityCall did not accept the connection in time; {outcome or NOTHING_CHANGED}."
    if writing:
        # Only a request that never left (refused, DNS, TLS handshake) or one IdentityCall
        # refused outright gets here: nothing can have been applied.
        return f"IdentityCall is unreachable; {outcome or NOTHING_CHANGED}."
    return "IdentityCall is unreachable right now."


def conflict_sentence(exc: errors.ConflictError) -> str:
    """Return the sentence for a 409, quoting what IdentityCall said (templates escape it)."""
    # IdentityCall docs gap: no endpoint documents a 409; its words are the only explanation
    # (docs/api-decisions.md, "Conflicts").
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

