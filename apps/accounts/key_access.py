"""May the signed-in user's key do this? `allows(request, action)` answers with an Access.

What is known of a key lives in the console's database (KeyPermissions, named by the key's
fingerprint, never the key): learnt when the key is saved (apps/accounts/key_probe.py) and from
every write IdentityCall answers after (`learn`, on the client's write hook: a refusal naming a
permission, a write that got past the permission check). A new key has a new fingerprint, so
nothing learnt about the previous key applies to it; rows no stored key uses are dropped when a
key is saved or removed (`forget_unused`). What a refusal taught in this session
(apps/frame/key_hints.py) counts too.

An unknown permission answers ok=True: the console never hides an action on a guess.
"""

import logging
from dataclasses import dataclass, replace

from django.db import DatabaseError, transaction

from apps.accounts import roles
from apps.accounts.clients import client_for_key
from apps.accounts.key_probe import PAST_PERMISSION, Known
from apps.accounts.models import ApiKey, KeyDecryptionError, KeyPermissions
from apps.frame import key_hints
from apps.frame.errors import DELETE, PERMISSION_SENTENCES, READ, SCOPED, WRITE, refused_for

logger = logging.getLogger(__name__)

ACTIONS = ("read", "write", "delete", "create_project", "delete_project", "buy_number")
# The client operations whose permission is `delete`; every other write needs `write`, deleting
# an operator and detaching one included (docs/api-decisions.md, "Deletes").
DELETE_OPERATIONS = ("delete_recording", "delete_project")
PROJECT_OPERATIONS = ("create_project", "delete_project")

NO_READ_WHY = PERMISSION_SENTENCES[READ]
READ_ONLY_WHY = key_hints.READ_ONLY_WHY
NO_DELETE_WHY = key_hints.NO_DELETE_WHY
SCOPED_WHY = key_hints.SCOPED_WHY


@dataclass(frozen=True)
class Access:
    """Whether the key may do an action; `why` is one line saying why not ("" when ok)."""

    ok: bool = True
    why: str = ""

    def __bool__(self):
        return self.ok


ALLOWED = Access()


def _fields(known: Known) -> dict:
    return {
        "can_read": known.read, "can_write": known.write, "can_delete": known.delete,
        "scoped": known.scoped, "scope_project_id": known.scope_project_id,
        "scope_project_name": known.scope_project_name[:300],
    }


def _known(row: KeyPermissions | None) -> Known:
    if row is None:
        return Known()
    return Known(
        read=row.can_read, write=row.can_write, delete=row.can_delete, scoped=row.scoped,
        scope_project_id=row.scope_project_id, scope_project_name=row.scope_project_name,
    )


def fingerprint_of(stored: ApiKey) -> str:
    """Return the stored key's fingerprint, computing (and keeping) it for an older row."""
    if not stored.fingerprint:
        try:
            stored.fingerprint = client_for_key(stored.reveal()).fingerprint
        except KeyDecryptionError:
            return ""
        ApiKey.objects.filter(pk=stored.pk).update(fingerprint=stored.fingerprint)
    return stored.fingerprint


def known_for_key(stored: ApiKey | None) -> Known:
    """Return what the database knows of a stored key (all unknown for None)."""
    fingerprint = fingerprint_of(stored) if stored is not None else ""
    if not fingerprint:
        return Known()
    return _known(KeyPermissions.objects.filter(fingerprint=fingerprint).first())


def known_for(request) -> Known:
    """Return what is known of the signed-in user's key: the database's, and this session's."""
    cached = getattr(request, "_key_known", None)
    if cached is not None:
        return cached
    stored = ApiKey.objects.filter(user=request.user).first() if _signed_in(request) else None
    known = known_for_key(stored)
    if stored is not None and hasattr(request, "session"):
        hints = key_hints.session_hints(request)
        known = replace(
            known,
            write=False if hints.cannot_write else known.write,
            delete=False if hints.cannot_delete else known.delete,
            scoped=True if hints.scoped else known.scoped,
            scope_project_id=known.scope_project_id or hints.scope_project,
        )
    request._key_known = known
    return known


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def access(known: Known, action: str) -> Access:
    """Return whether `known` allows `action` (one of ACTIONS); unknown answers ok."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown key action {action!r}; expected one of {ACTIONS}")
    if known.read is False:
        return Access(False, NO_READ_WHY)
    if action in ("write", "create_project", "buy_number") and known.write is False:
        return Access(False, READ_ONLY_WHY)
    if action in ("delete", "delete_project") and known.delete is False:
        return Access(False, NO_DELETE_WHY)
    if action in ("create_project", "delete_project") and known.scoped is True:
        return Access(False, SCOPED_WHY)
    return ALLOWED


def allows(request, action: str) -> Access:
    """Return whether the signed-in user may do `action` ("write", "delete_project"…): the
    narrower of their team role (apps/accounts/roles.py, whose why names the role) and their
    key."""
    key = access(known_for(request), action)
    if _signed_in(request):
        why = roles.action_refusal(request.user, action)
        if why:
            return Access(False, why)
    return key


def known_with_role(request) -> Known:
    """Return known_for(request) narrowed by the role: a Viewer writes and deletes nothing. For
    the pages that gate writes on apps.frame.key_hints rather than on `allows`."""
    known = known_for(request)
    if _signed_in(request) and not roles.at_least(request.user, roles.Membership.MEMBER):
        known = replace(known, write=False, delete=False)
    return known


def remember(fingerprint: str, known: Known) -> None:
    """Keep what a key's probes taught, replacing anything known of it before."""
    KeyPermissions.objects.update_or_create(fingerprint=fingerprint, defaults=_fields(known))


def lesson(event) -> dict:
    """Return the KeyPermissions fields a WriteEvent proves ({} when it proves nothing)."""
    needs = "can_delete" if event.operation in DELETE_OPERATIONS else "can_write"
    if event.succeeded or isinstance(event.error, PAST_PERMISSION):
        # IdentityCall docs gap: a 404/422 comes after the permission check
        # (apps/accounts/key_probe.py, docs/api-decisions.md "What a key may do").
        facts = {needs: True}
        if event.succeeded and event.operation in PROJECT_OPERATIONS:
            facts["scoped"] = False
        return facts
    refused = refused_for(event.error)
    if refused == WRITE:
        return {"can_write": False}
    if refused == DELETE:
        return {"can_delete": False}
    if refused == SCOPED:
        return {"scoped": True}
    return {}


def learn(fingerprint: str, event) -> None:
    """Keep what one write's answer proves about the key named by `fingerprint`."""
    facts = lesson(event)
    if not facts or not fingerprint:
        return
    try:
        with transaction.atomic():
            row, _ = KeyPermissions.objects.select_for_update().get_or_create(
                fingerprint=fingerprint
            )
            changed = {name: value for name, value in facts.items() if getattr(row, name) != value}
            if changed:
                for name, value in changed.items():
                    setattr(row, name, value)
                row.save()
    except DatabaseError:
        # Learning is a nicety: the write's own outcome must reach the person regardless.
        logger.exception("Could not keep what a write taught about a key")


def forget_unused() -> None:
    """Drop what is known of keys no user has stored any more (a replaced or removed key)."""
    in_use = ApiKey.objects.exclude(fingerprint="").values("fingerprint")
    KeyPermissions.objects.exclude(fingerprint__in=in_use).delete()

