"""Compare two calls (/compare/?r=<ref>&r=<ref>), reached from search results; from a recording's
page (/compare/?recording=<ref>) one call is chosen and the page offers calls to pick the other."""

from django import forms
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.frame.http import render_page

from apps.index.compare import candidates, choose, goal_rows, pair
from apps.index.compare_charts import legend
from apps.index.freshness import freshness_of
from apps.index.visibility import fingerprint_of, project_choices, visible_recordings


class PickForm(forms.Form):
    q = forms.CharField(label="Words in the call", required=False, max_length=200)


@require_GET
def compare_page(request):
    fingerprint = fingerprint_of(request.user)
    visible = visible_recordings(fingerprint)
    choice = choose(visible, request.GET.getlist("r"), request.GET.get("recording", ""))
    context = {
        "sides": None,
        "first": None,
        "notices": choice.notices,
        "search_url": reverse("insights:search"),
        "freshness": freshness_of(fingerprint, visible),
    }
    if len(choice.rows) == 2:
        first, second = pair(*choice.rows)
        context.update(sides=(first, second), goals=goal_rows(first, second),
                       legend=legend(first.timeline, second.timeline))
    elif choice.rows:
        context.update(picker_context(request, fingerprint, visible, choice.rows[0]))
    status = 404 if choice.missing else 200
    return render_page(request, "insights/compare.html", context, status=status)


def picker_context(request, fingerprint, visible, first):
    """Return what the picker shows: the chosen call, the words form and the calls offered."""
    form = PickForm(request.GET)
    words = form.cleaned_data["q"].strip() if form.is_valid() else ""
    projects = dict(project_choices(fingerprint, visible))
    offered = candidates(visible, first, words)
    for row in offered:
        row.project_name = projects.get(row.project_id, "")
    first.project_name = projects.get(first.project_id, "")
    return {"first": first, "form": form, "words": words, "offered": offered}
