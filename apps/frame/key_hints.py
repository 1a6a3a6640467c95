"""What the console has learnt about the user's API key from IdentityCall's refusals.

The API cannot be asked for a key's scope or permissions, so the console remembers what a 403 told
it (in the session; the database keeps it per key, apps/accounts/key_access.py) and from then on
offers only what the key can do, with a one-line why naming the one permission the refusal named.
"""

import hashlib
from dataclasses import dataclass

from apps.frame.errors import (
    DELETE,
    PERMISSION_SENTENCES,
    SCOPED,
    WRITE,
    describe_error,
    refused_for,
)
from apps.identitycall import errors

SCOPE = "key_scope_project"  # the project id a project-scoped key is bound to (None if not known)
CANNOT_WRITE = "key_cannot_write"
CANNOT_DELETE = "key_cannot_delete"
FINGERPRINT = "key_hints_fingerprint"  # which stored key the hints above were learnt from
HINTS = (SCOPE, CANNOT_WRITE, CANNOT_DELETE)

READ_ONLY_WHY = "Your API key is read-only: it does not have write permission."
NO_DELETE_WHY = "Your API key cannot delete: it does not have delete permission."
SCOPED_WHY = PERMISSION_SENTENCES[SCOPED]
OUTSIDE_SCOPE_WHY = "Your API key is limited to one project, so it cannot act on another one."


@dataclass(frozen=True)
class KeyHints:
    """What the current key is known not to allow; every flag is False until a 403 says so."""

    scoped: bool = False
    scope_project: int | None = None
    cannot_write: bool = False
    cannot_delete: bool = False

    def is_scope_project(self, project_id) -> bool:
        """Return True when project_id is the project the key is known to be bound to."""
        return self.scoped and self.scope_project is not None and self.scope_project == project_id


def _fingerprint(user) -> str:
    """Return a short digest of the user's stored key row, so hints die when the key is replaced."""
    stored = getattr(user, "api_key", None)
    ciphertext = getattr(stored, "ciphertext", "") or ""
    return hashlib.sha256(ciphertext.encode()).hexdigest()[:16]


def hints_for(request) -> KeyHints:
    """Return the hints about the current key: this session's, and what the console knows of the
    key from its database (apps/accounts/key_access.py, handed over as `request.key_knowledge`, a
    callable, since the frame knows nothing of users)."""
    hints = session_hints(request)
    knowledge = getattr(request, "key_knowledge", None)
    known = knowledge() if callable(knowledge) else None
    if known is None:
        return hints
    return KeyHints(
        scoped=hints.scoped or known.scoped is True,
        scope_project=hints.scope_project or (known.scope_project_id if known.scoped else None),
        cannot_write=hints.cannot_write or known.write is False,
        cannot_delete=hints.cannot_delete or known.delete is False,
    )


def session_hints(request) -> KeyHints:
    """Return what refusals taught in this session, forgetting any learnt from a previous key."""
    session = request.session
    fingerprint = _fingerprint(request.user)
    if session.get(FINGERPRINT) not in (None, fingerprint):
        forget(request)
    scope = session.get(SCOPE)
    return KeyHints(
        scoped=SCOPE in session,
        scope_project=scope if isinstance(scope, int) and not isinstance(scope, bool) else None,
        cannot_write=session.get(CANNOT_WRITE) is True,
        cannot_delete=session.get(CANNOT_DELETE) is True,
    )


def forget(request) -> None:
    """Drop every hint (the key changed)."""
    for name in (*HINTS, FINGERPRINT):
        request.session.pop(name, None)


def _remember(request, name, value) -> None:
    request.session[name] = value
    request.session[FINGERPRINT] = _fingerprint(request.user)


# What a refusal teaches (apps.frame.errors.refused_for tells which): the hint to keep, and why.
LESSONS = {
    SCOPED: (SCOPE, SCOPED_WHY),
    WRITE: (CANNOT_WRITE, READ_ONLY_WHY),
    DELETE: (CANNOT_DELETE, NO_DELETE_WHY),
}


def learn_from_refusal(
    request, exc: errors.PermissionDeniedError, *, project_id=None
) -> str | None:
    """Remember what a 403 says about the key; return its why, or None for an unknown refusal.

    `project_id` is the project the refused action was about, when that proves the key's scope (a
    project-scoped key sees only its own project, so any project it could open is that one).
    """
    lesson = LESSONS.get(refused_for(exc))
    if lesson is None:
        return None
    name, why = lesson
    _remember(request, name, project_id if name == SCOPE else True)
    return why


def explain_refusal(
    request, exc: errors.PermissionDeniedError, *, action=None, project_id=None
) -> str:
    """Remember what a 403 says about the key; return the sentence a person reads about it.

    Without `action`, the key's known why (READ_ONLY_WHY, …) or describe_error's sentence; with
    it ("buy numbers"), describe_error's sentence naming what the key cannot do.
    """
    why = learn_from_refusal(request, exc, project_id=project_id)
    if action is None and why is not None:
        return why
    if why is None and (known := known_cause(request)):
        return known
    return describe_error(exc, writing=True, action=action)


def known_cause(request) -> str | None:
    """Return the one cause the console knows for a 403 whose words name none, or None."""
    # IdentityCall docs gap: a project-scoped key sending another project's id on an upload gets
    # a 403 whose message is undocumented. When the key is known to be bound to one project and
    # not known to lack write, that is the cause, said alone rather than as one of two
    # (docs/api-decisions.md, "What a key may do").
    hints = hints_for(request)
    if hints.scoped and not hints.cannot_write:
        return OUTSIDE_SCOPE_WHY
    return None


def remember_scope_project(request, project_id: int) -> None:
    """Record which project a key already known to be project-scoped is bound to."""
    _remember(request, SCOPE, project_id)
