"""The one funnel writing the audit trail: `record(user, action, ...)`, and `recorder_for(user)`,
the hook through which every write of a user's IdentityCallClient lands there.

A failure to write the trail is logged and swallowed: by then IdentityCall has already applied
(or refused) the change, and telling the person it failed would be the worse lie.
"""

import logging
import re
from contextvars import ContextVar

from django.db import DatabaseError, transaction

from apps.audit.addresses import client_address, valid_address
from apps.audit.models import AuditEvent
from apps.identitycall.writes import WriteEvent

logger = logging.getLogger(__name__)

# The address of the request this thread is serving, set by AuditConfig.ready()'s request_started
# receiver, so writes made through client_for(user) know it without every view passing request.
current_address: ContextVar[str | None] = ContextVar("audit_current_address", default=None)

MAX_TEXT = 120
MAX_ITEMS = 20
# Defence in depth: whatever a caller puts in `detail`, something shaped like an API key is dropped.
KEY_SHAPED = re.compile(r"idc_[!-~]{8,}")

# The trail's action for each write of the client (WriteEvent.operation); its resource type is the
# part before the dot.
WRITE_ACTIONS = {
    "upload_recording": "recording.upload",
    "stream_recording": "recording.upload",
    "rename_recording": "recording.rename",
    "update_recording": "recording.update",
    "delete_recording": "recording.delete",
    "create_project": "project.create",
    "update_project": "project.update",
    "delete_project": "project.delete",
    "purchase_number": "number.purchase",
    "update_virtual_number": "number.update",
    "add_operator": "number.add_operator",
    "remove_operator": "number.remove_operator",
    "create_operator": "operator.create",
    "update_operator": "operator.update",
    "delete_operator": "operator.delete",
}
# A success is recorded with the status the API documents for its kind of write, whatever 2xx
# arrived: 201 for what creates, 204 for deletes, 200 for the rest; an upload keeps its own (201
# stored, 200 replayed for a known external_id).
# IdentityCall docs conflict: operators answer a delete 200 {"success": true}, recordings and
# projects 204 (docs/api-decisions.md, "Deletes"); the trail says 204 for every successful delete.
SUCCESS_STATUSES = {"create": 201, "purchase": 201, "delete": 204}


def record(
    user,
    action,
    *,
    resource_type,
    resource_id=None,
    status=None,
    error=None,
    detail=None,
    request=None,
    address=None,
):
    """Return the saved AuditEvent for one write (None if the trail could not be written).

    The client address is `address`, else `request`'s, else the one of the request being served.
    """
    if address is None:
        address = client_address(request.META) if request is not None else current_address.get()
    event = AuditEvent(
        user=user if getattr(user, "pk", None) else None,
        username=user.get_username() if getattr(user, "pk", None) else "",
        action=action,
        resource_type=resource_type,
        resource_id="" if resource_id is None else str(resource_id)[:100],
        status=status,
        error=error or "",
        detail=clean_detail(detail or {}),
        ip_address=valid_address(address),
    )
    try:
        with transaction.atomic():  # a savepoint: a failure here never breaks the caller's work
            event.save()
    except DatabaseError:
        logger.exception("Audit event %s for user %s could not be saved", action, event.user_id)
        return None
    return event


def recorder_for(user, address=None):
    """Return an `on_write` hook for IdentityCallClient recording each write as `user`'s.

    The client address is `address`, else the one of the request being served when it records.
    """

    def record_write(event: WriteEvent):
        # A write this table does not know yet is still recorded, under its own name.
        unknown = f"{event.resource_type}.{event.operation}"[:40]
        action = WRITE_ACTIONS.get(event.operation) or unknown
        detail = dict(event.detail)
        if event.error is not None:
            # A 5xx or a connection lost after sending may have been applied: the trail must not
            # say it failed; a request that never left (even a connect timeout) did fail.
            detail["outcome_unknown"] = event.error.outcome_unknown
        record(
            user,
            action,
            resource_type=action.partition(".")[0],
            resource_id=event.resource_id,
            status=_recorded_status(action, event),
            error=type(event.error).__name__ if event.error is not None else None,
            detail=detail,
            address=address,
        )

    return record_write


def _recorded_status(action, event):
    """Return the status the trail keeps for a write: the documented one for a success."""
    if not event.succeeded:
        return event.status
    verb = action.partition(".")[2]
    if verb == "upload":
        return 201 if event.status == 201 else 200
    return SUCCESS_STATUSES.get(verb, 200)


def clean_detail(detail: dict) -> dict:
    """Return detail reduced to short, JSON-safe, key-free values."""
    return {str(name)[:40]: _clean(value) for name, value in list(detail.items())[:MAX_ITEMS]}


def _clean(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_clean(item) for item in list(items)[:MAX_ITEMS]]
    text = KEY_SHAPED.sub("[hidden]", str(value))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
