"""The one funnel writing the audit trail: `record(user, action, ...)`.

A failure to write the trail is logged and swallowed: by then IdentityCall has already applied
(or refused) the change, and telling the person it failed would be the worse lie.
"""

import logging
import re
from contextvars import ContextVar

from django.db import DatabaseError, transaction

from apps.audit.addresses import client_address, valid_address
from apps.audit.models import AuditEvent

logger = logging.getLogger(__name__)

# The address of the request this thread is serving, set by AuditConfig.ready()'s request_started
# receiver, so writes made through client_for(user) know it without every view passing request.
current_address: ContextVar[str | None] = ContextVar("audit_current_address", default=None)

MAX_TEXT = 120
MAX_ITEMS = 20
# Defence in depth: whatever a caller puts in `detail`, something shaped like an API key is dropped.
KEY_SHAPED = re.compile(r"idc_[!-~]{8,}")


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
