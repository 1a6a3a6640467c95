"""What each block of the overview shows, read with the signed-in user's client.

Every block is fetched by its own request (apps/dashboard/views.py), so one slow or failing
upstream call holds only its block. Each `fetch_*` returns the block's template context, or raises
IdentityCallError for the view to turn into the block's own one-line problem.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.frame import list_cache
from apps.identitycall import errors
from apps.reference.processing import estimate_finish

# How much of each list the overview shows; each block links to the full list.
SHOWN = 5
# My uploads: the last few a user made through the console, within this window.
RECENT_UPLOADS = timedelta(days=14)
# A number whose first three operators are all inactive needs its detail form to tell whether any
# operator answers; at most this many are read per view.
MAX_NUMBER_DETAILS = 10


@dataclass(frozen=True)
class Tracked:
    """A recording on the overview: what IdentityCall says of it now, or why it cannot."""

    ref: str
    name: str
    status: str = ""  # "" when IdentityCall could not be asked
    uploaded_at: datetime | None = None
    expected_by: datetime | None = None  # pending or processing with a known duration
    problem: str = ""

    @property
    def overdue(self) -> bool:
        return self.expected_by is not None and timezone.now() > self.expected_by

    @property
    def live(self) -> bool:
        return self.status in ("pending", "processing")


def expected_by(recording) -> datetime | None:
    """Return when a pending or processing recording is typically done; None when unknown."""
    eta = estimate_finish(recording)
    return eta.latest if eta else None


def tracked(recording, *, name="") -> Tracked:
    return Tracked(
        ref=recording.ref or "",
        name=recording.name or name or "Untitled recording",
        status=recording.status or "",
        uploaded_at=recording.created_at,
        expected_by=expected_by(recording),
    )


def my_upload_events(user):
    """Return the user's latest successful uploads through the console, one per recording."""
    since = timezone.now() - RECENT_UPLOADS
    events = AuditEvent.objects.filter(
        user=user, action="recording.upload", error="", created_at__gte=since
    ).exclude(resource_id="").order_by("-created_at", "-id")
    seen, latest = set(), []
    for event in events[: SHOWN * 4]:
        if event.resource_id not in seen:
            seen.add(event.resource_id)
            latest.append(event)
        if len(latest) == SHOWN:
            break
    return latest


def _read_upload(client, event, describe) -> Tracked:
    filename = (event.detail or {}).get("filename") or ""
    try:
        return tracked(client.get_recording(event.resource_id), name=filename)
    except errors.AuthenticationError:
        raise
    except errors.NotFoundError:
        problem = "Not in IdentityCall any more, or your key cannot see it."
    except errors.IdentityCallError as exc:
        problem = describe(exc)
    return Tracked(ref=event.resource_id, name=filename or event.resource_id,
                   uploaded_at=event.created_at, problem=problem)


def fetch_uploads(user, client, describe) -> dict:
    """Return my recent uploads with their status now (read concurrently, one call each)."""
    events = my_upload_events(user)
    with ThreadPoolExecutor(max_workers=max(1, len(events)), thread_name_prefix="overview") as pool:
        rows = list(pool.map(lambda event: _read_upload(client, event, describe), events))
    return {"uploads": rows, "live": any(row.live for row in rows)}


def fetch_failed(client) -> dict:
    page = client.list_recordings(status="failed", per_page=SHOWN)
    return {"failed": [tracked(item) for item in page.items], "total": page.total_count}


def fetch_queue(client) -> dict:
    """Return the recordings pending and processing (the first few of each) and their totals."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="overview") as pool:
        pending = pool.submit(client.list_recordings, status="pending", per_page=SHOWN)
        processing = pool.submit(client.list_recordings, status="processing", per_page=SHOWN)
        pages = {"processing": processing.result(), "pending": pending.result()}
    rows = [tracked(item) for page in pages.values() for item in page.items]
    totals = {status: page.total_count for status, page in pages.items()}
    return {"queue": rows, "totals": totals, "total": sum(totals.values()), "live": bool(rows)}


@dataclass(frozen=True)
class NumberIssue:
    """A number that needs attention: inactive, or no operator who can answer it."""

    id: int
    phone_number: str
    name: str
    issue: str


INACTIVE = "Inactive: it receives no calls."
NOBODY = "No operator attached: calls reach nobody."
NOBODY_ACTIVE = "No active operator: calls reach nobody."


def _answered_by_nobody(number, operators, client) -> str:
    """Return why calls to an active number reach nobody, or "" when someone (or AI) answers."""
    if number.ai_receptionist_enabled:
        return ""  # the AI receptionist answers
    attached = number.operators
    if not attached and not number.operators_count:
        return NOBODY
    if any(operators.get(ref.id) is None or operators[ref.id].active is not False
           for ref in attached):
        return ""  # someone active (or not visible to this key: not claimed as nobody)
    if (number.operators_count or 0) > len(attached):
        attached = client.get_virtual_number(number.id).operators  # the short form has 3
        if any(operators.get(ref.id) is None or operators[ref.id].active is not False
               for ref in attached):
            return ""
    return NOBODY_ACTIVE if attached else NOBODY


def fetch_numbers(client) -> dict:
    """Return the numbers that are inactive or that no active operator answers."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="overview") as pool:
        numbers = pool.submit(client.list_virtual_numbers)
        operators = pool.submit(list_cache.operators, client)
        numbers, operators = numbers.result(), {op.id: op for op in operators.result()}
    issues, details = [], 0
    for number in numbers:
        if number.active is False:
            issue = INACTIVE
        else:
            needs_detail = (number.operators_count or 0) > len(number.operators)
            if needs_detail and details >= MAX_NUMBER_DETAILS:
                continue
            details += needs_detail
            issue = _answered_by_nobody(number, operators, client)
        if issue:
            phone, name = number.phone_number or "", number.name or ""
            issues.append(NumberIssue(number.id, phone, name, issue))
    return {"numbers": issues, "total": len(numbers)}
