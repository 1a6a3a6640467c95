"""The user's own activity: every write the console performed for them, newest first."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from apps.audit.models import ACTIONS, ACTION_LABELS, RESOURCE_LABELS, AuditEvent
from apps.audit.rows import rows_for

PER_PAGE = 50


@dataclass(frozen=True)
class ActivityPage:
    """What _partials/pagination.html needs to know about the page shown."""

    current_page: int
    total_pages: int
    total_count: int


@require_GET
def activity(request):
    action = request.GET.get("action", "")
    if action not in ACTION_LABELS:
        action = ""  # an unknown filter shows everything rather than an empty page
    events = AuditEvent.objects.filter(user=request.user)
    if action:
        events = events.filter(action=action)
    found = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "rows": rows_for(found.object_list, request.user),
        "page": ActivityPage(found.number, found.paginator.num_pages, found.paginator.count),
        "action": action,
        "action_groups": action_groups(),
    }
    template = "audit/activity.html#activity" if request.htmx else "audit/activity.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def action_groups():
    """Return [(group label, [(action, label), …]), …] for the filter's <optgroup>s."""
    return [
        (RESOURCE_LABELS[group], list(actions.items())) for group, actions in ACTIONS.items()
    ]
