"""What happened to each uploaded file, in the sentences the upload page and upload.js show."""

from dataclasses import dataclass, field, replace

from apps.frame.errors import WRITE, describe_error, rate_limit_sentence, refused_for
from apps.frame.middleware import outcome_for
from apps.identitycall import errors
from apps.identitycall.resources import Recording

UNREACHABLE = "IdentityCall is unreachable; {name} was not uploaded. Try again."
# After these, IdentityCall may have stored the file; the external_id makes a re-send harmless.
AGAIN_IS_SAFE = "Sending it again is safe: it will not be stored twice."
UNREADABLE = (
    "IdentityCall answered in an unexpected way, so {name} may or may not have arrived. "
    + AGAIN_IS_SAFE
)
TOO_SLOW = (
    "IdentityCall did not answer in time, so {name} may or may not have arrived. " + AGAIN_IS_SAFE
)
FAILED_UPSTREAM = (
    "IdentityCall answered with an error, so {name} may or may not have been stored. "
    + AGAIN_IS_SAFE
)
DROPPED = (
    "The connection to IdentityCall broke before it answered, so {name} may or may not have been "
    "stored. " + AGAIN_IS_SAFE
)
INCOMPLETE = "{name} did not arrive whole, so it was not uploaded. Try again."
STALLED = (
    "{name} stopped arriving from your browser, so it was not uploaded. Check the connection "
    "and try again."
)
NO_COPY = "The console keeps no audio of that recording, so it cannot be played here."
OTHER_FILE = (
    "That recording was made from a different file, and its audio stays as it was. To upload "
    "{name} as a recording of its own, give it another external ID."
)
COPY_UNREADABLE = (
    "The console's copy of this audio cannot be read just now, so nothing was sent. Try again "
    "later, or upload the file."
)
NOT_KEPT = "The console could not keep its own copy, so it cannot be played here."
NO_BODY = "Send one file as the body of the request."
# One cause each (README, "What the console does"): IdentityCall names a missing write
# permission; a 403 in other words on an upload is the scope rule.
# IdentityCall docs gap: for a project_id other than a project-scoped key's own, the docs give the
# 403 but not its message (docs/api-decisions.md, "What a key may do").
NO_WRITE = "Your API key is read-only: it does not have write permission, so it cannot upload."
NO_SCOPE = (
    "Your API key is limited to one project, so it cannot upload to this one: choose the key's "
    "own project."
)

# Refusals of what the request carried: true of the file whichever attempt sent it.
CONTENT_REFUSALS = (errors.ValidationError, errors.BadRequestError, errors.ConflictError)


@dataclass(frozen=True)
class Outcome:
    """One file's fate: created, replayed, rejected, failed or unconfirmed (maybe stored)."""

    filename: str
    state: str
    message: str = ""
    recording: Recording | None = None
    status: int = 422  # of upload_file's answer: 201, 200, or the error's
    external_id: str = ""  # of a replayed upload, when the person chose it
    # The refusal itself, for a caller that acts on it (a queued upload's Retry-After, whether a
    # repeat may help: ingest/queue_sending.py); None when IdentityCall did not refuse.
    error: errors.IdentityCallError | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self):
        return self.state in ("created", "replayed")

    @property
    def look(self):
        """Return the state whose colours the result wears (unconfirmed warns like a failure)."""
        return "failed" if self.state == "unconfirmed" else self.state

    def sentence(self):
        """Return the message the recordings list shows after a successful no-JS upload."""
        name = self.recording.name or self.filename
        if self.state == "replayed" and self.external_id:
            sentence = (
                f"{self.filename} was not stored: IdentityCall already has “{name}” with the "
                f"external ID “{self.external_id}”."
            )
        elif self.state == "replayed":
            sentence = f"{self.filename} was already uploaded as “{name}”; it was not stored again."
        else:
            sentence = f"{self.filename} was uploaded as “{name}”; IdentityCall is processing it."
        return f"{sentence} {self.message}".strip()


def rejected(refusals):
    """Return an Outcome per (file name, reason) the console refused before sending anything."""
    return [Outcome(name, "rejected", message) for name, message in refusals]


def not_arrived(name, *, stalled):
    """Return the Outcome of a body that broke off or stopped arriving (nothing was stored)."""
    # The external_id goes after the file, so IdentityCall never had all of it.
    sentence = STALLED if stalled else INCOMPLETE
    return Outcome(name, "failed", sentence.format(name=name), status=400)


def failed_before_sending(name, exc):
    """Return the Outcome of a file that could not go anywhere (listing the projects failed)."""
    return Outcome(name, "failed", describe_error(exc, writing=True), status=outcome_for(exc)[0])


def refused(name, exc, *, maybe_stored=False):
    """Return the Outcome for an upload IdentityCall refused or never answered, carrying `exc`.

    `maybe_stored`: an earlier attempt (the relayed one) may have stored the file, so only a
    definite refusal of the request's content makes a later attempt's failure "not uploaded".
    """
    return replace(_refused(name, exc, maybe_stored), error=exc)


def _refused(name, exc, maybe_stored):
    status = outcome_for(exc)[0]
    if maybe_stored and not isinstance(exc, CONTENT_REFUSALS):
        # A 429, 401, 404 or a refused connection says nothing of what the relayed attempt did.
        message = _unknown_outcome(name, exc) or DROPPED.format(name=name)
        return Outcome(name, "unconfirmed", message, status=status)
    if isinstance(exc, (errors.ValidationError, errors.BadRequestError)):
        detail = "; ".join(exc.errors) or exc.message
        return Outcome(name, "rejected", f"IdentityCall refused {name}: {detail}", status=status)
    if isinstance(exc, errors.PermissionDeniedError):
        why = NO_WRITE if refused_for(exc) == WRITE else NO_SCOPE
        return Outcome(name, "rejected", why, status=status)
    if isinstance(exc, errors.RateLimitError):
        message = rate_limit_sentence(exc, outcome=f"{name} was not uploaded")
        return Outcome(name, "failed", message, status=status)
    if isinstance(exc, errors.ConflictError):
        return Outcome(name, "rejected", _conflict(name, exc), status=status)
    if isinstance(exc, (errors.NotFoundError, errors.AuthenticationError)):
        return Outcome(name, "rejected", describe_error(exc, writing=True), status=status)
    unknown = _unknown_outcome(name, exc)
    if unknown:
        return Outcome(name, "unconfirmed", unknown, status=status)
    # Only a request that never left (refused, DNS, connect timeout) gets here.
    return Outcome(name, "failed", UNREACHABLE.format(name=name), status=status)


def _unknown_outcome(name, exc):
    """Return why IdentityCall may or may not have stored the file; '' when it certainly did not."""
    # docs/api-decisions.md, "Outcome of a failed write".
    if exc.outcome_unknown:
        if isinstance(exc, errors.UpstreamTimeout):
            return TOO_SLOW.format(name=name)
        if isinstance(exc, errors.InvalidResponseError):
            # A malformed 2xx: IdentityCall probably stored the file.
            return UNREADABLE.format(name=name)
        if isinstance(exc, errors.TransportError):
            return DROPPED.format(name=name)
        return FAILED_UPSTREAM.format(name=name)
    return ""


def _conflict(name, exc):
    """Return the sentence for a 409: IdentityCall refused the file, quoting why (escaped later)."""
    # IdentityCall docs gap: uploads document no 409; its own words are the only explanation
    # (docs/api-decisions.md, "Conflicts").
    said = exc.message.strip().rstrip(".") if exc.errors else ""
    detail = f" ({said})" if said else ""
    return (
        f"IdentityCall refused {name}: it conflicts with what IdentityCall holds{detail}. "
        "It was not stored."
    )
