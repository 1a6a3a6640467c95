"""The activity page: a member's own trail, or for an admin everyone's, newest first; filtered by
action (and for an admin by member and date range), with a CSV export of what is shown."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from apps.audit.filters import events_for, filters_from, members, write_csv
from apps.audit.models import ACTIONS, RESOURCE_LABELS
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
    chosen = filters_from(request)
    found = Paginator(events_for(request, chosen), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "rows": rows_for(found.object_list, request.user),
        "page": ActivityPage(found.number, found.paginator.num_pages, found.paginator.count),
        "action": chosen.action,
        "chosen": chosen,
        "members": members() if chosen.everyone else [],
        "action_groups": action_groups(),
    }
    template = "audit/activity.html#activity" if request.htmx else "audit/activity.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def activity_csv(request):
    chosen = filters_from(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="activity.csv"'
    write_csv(response, events_for(request, chosen))
    return response


def action_groups():
    """Return [(group label, [(action, label), …]), …] for the filter's <optgroup>s."""
    return [
        (RESOURCE_LABELS[group], list(actions.items())) for group, actions in ACTIONS.items()
    ]
