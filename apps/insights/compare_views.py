"""Compare two calls (/compare/?r=<ref>&r=<ref>), reached from search results."""

from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.frame.http import render_page

from apps.index.compare import goal_rows, side
from apps.index.freshness import freshness_of
from apps.index.visibility import fingerprint_of, visible_recordings


@require_GET
def compare_page(request):
    refs = [ref for ref in request.GET.getlist("r") if ref][:2]
    fingerprint = fingerprint_of(request.user)
    visible = visible_recordings(fingerprint)
    found = {row.ref: row for row in visible.filter(ref__in=refs)}
    chosen = [found[ref] for ref in refs if ref in found]
    context = {
        "sides": None,
        "search_url": reverse("insights:search"),
        "freshness": freshness_of(fingerprint, visible),
    }
    if len(chosen) == 2 and chosen[0].pk != chosen[1].pk:
        first, second = side(chosen[0]), side(chosen[1])
        context.update(sides=(first, second), goals=goal_rows(first, second))
    status = 200 if context["sides"] or not refs else 404
    return render_page(request, "insights/compare.html", context, status=status)
