"""How one AuditEvent reads on the activity page: the resource in words, its link, the details."""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse

from apps.audit.models import AuditEvent

# Where each kind of resource lives in the console: (url name, its argument's name).
DETAIL_PAGES = {
    "recording": ("recordings:detail", "ref"),
    "project": ("projects:detail", "project_id"),
    "operator": ("operators:detail", "operator_id"),
    "number": ("virtual_numbers:detail", "number_id"),
}
NOUNS = {"recording": "Recording", "project": "Project", "operator": "Operator", "number": "Number"}


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    resource: str
    url: str | None
    details: list[str]


def rows_for(events, user) -> list[Row]:
    """Return a Row per event; links are left out for resources the user has since deleted."""
    events = list(events)
    gone = deleted_resources(user, {event.resource_id for event in events if event.resource_id})
    return [
        Row(event, resource_text(event), resource_url(event, gone), details(event))
        for event in events
    ]


def deleted_resources(user, resource_ids) -> set[tuple[str, str]]:
    """Return (resource_type, resource_id) pairs the user deleted successfully."""
    deletes = AuditEvent.objects.filter(
        user=user, action__endswith=".delete", error="", resource_id__in=resource_ids
    )
    return set(deletes.values_list("resource_type", "resource_id"))


def resource_url(event, gone) -> str | None:
    """Return the console page of the event's resource, or None when it makes no sense."""
    page = DETAIL_PAGES.get(event.resource_type)
    if not page or not event.resource_id or event.status == 404:
        return None
    if (event.resource_type, event.resource_id) in gone:
        return None
    name, argument = page
    try:
        return reverse(name, kwargs={argument: event.resource_id})
    except NoReverseMatch:  # say, a non-numeric id where the URL wants a number
        return None


def resource_text(event) -> str:
    """Return the resource in words: "Project 12 · Sales", "Recording rec_ab12", a masked key."""
    detail = event.detail or {}
    if event.resource_type not in NOUNS:
        return event.resource_id or "—"
    noun = NOUNS[event.resource_type]
    if not event.resource_id:
        text = f"New {noun.lower()}"
    else:
        text = f"{noun} {event.resource_id}"
    label = detail.get("name") or detail.get("phone_number") or detail.get("filename")
    return f"{text} · {label}" if label else text


def details(event) -> list[str]:
    """Return short facts about the event: changed fields, file size, key, who ran it."""
    detail = event.detail or {}
    facts = []
    if detail.get("fields"):
        facts.append("Changed " + ", ".join(name.replace("_", " ") for name in detail["fields"]))
    if isinstance(detail.get("size"), int):
        facts.append(filesizeformat(detail["size"]))
    if detail.get("operator_id") is not None:
        facts.append(f"Operator {detail['operator_id']}")
    elif detail.get("new_operator"):
        facts.append("A new operator")
    if detail.get("previous"):
        facts.append(f"Replaced {detail['previous']}")
    if detail.get("projects_seen") is not None:
        count = detail["projects_seen"]
        facts.append(f"Sees {count} project{'' if count == 1 else 's'}")
    if detail.get("by"):
        facts.append(f"By {detail['by']}")
    return facts
