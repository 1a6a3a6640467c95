"""What the activity page and its CSV show: a member's own events, or (for an admin) everyone's,
filtered by member, action and date range.

Who is an admin is the accounts layer's to say (apps/accounts/roles.py): its middleware leaves the
role on the request as `console_role`, since the audit trail sits below accounts.
"""

import csv
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.audit.models import ACTION_LABELS, AuditEvent

CSV_FIELDS = ("when", "member", "action", "what", "resource_type", "resource_id", "outcome",
              "status", "error", "address")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Filters:
    everyone: bool  # the viewer is an admin: everyone's events, with the member filter
    action: str = ""
    member: int | None = None
    since: date | None = None
    until: date | None = None

    def query(self) -> str:
        """Return the filters as a query string (for the CSV link), "" when none are set."""
        from urllib.parse import urlencode

        pairs = {"action": self.action, "member": self.member or "",
                 "since": self.since or "", "until": self.until or ""}
        return urlencode({name: value for name, value in pairs.items() if value})


def is_admin(request) -> bool:
    return getattr(request, "console_role", None) == "admin"


def _date(text):
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None  # an unreadable date filters nothing rather than showing an empty page


def filters_from(request) -> Filters:
    params, everyone = request.GET, is_admin(request)
    action = params.get("action", "")
    member = params.get("member", "")
    return Filters(
        everyone=everyone,
        action=action if action in ACTION_LABELS else "",
        member=int(member) if everyone and member.isdigit() else None,
        since=_date(params.get("since", "")),
        until=_date(params.get("until", "")),
    )


def _start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def events_for(request, chosen: Filters):
    """Return the AuditEvents the request may see, filtered, newest first."""
    events = AuditEvent.objects.all() if chosen.everyone else AuditEvent.objects.filter(
        user=request.user
    )
    if chosen.member:
        events = events.filter(user_id=chosen.member)
    if chosen.action:
        events = events.filter(action=chosen.action)
    if chosen.since:
        events = events.filter(created_at__gte=_start(chosen.since))
    if chosen.until:
        events = events.filter(created_at__lt=_start(chosen.until + timedelta(days=1)))
    return events


def members():
    """Return [(id, name)] of every user, for an admin's member filter."""
    return list(get_user_model().objects.order_by("username").values_list("pk", "username"))


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet must not run a cell as a formula (CSV injection).
    return f"'{text}" if text.startswith(FORMULA_START) else text


def write_csv(response, events) -> None:
    writer = csv.writer(response)
    writer.writerow(CSV_FIELDS)
    for event in events.iterator():
        writer.writerow([_cell(value) for value in (
            event.created_at.isoformat(), event.username, event.action, event.label,
            event.resource_type, event.resource_id, event.outcome_text, event.status,
            event.error, event.ip_address)])
