"""The insights page (/insights/): tables over the user's indexed calls, each row linking to the
calls behind it (the search page with the same filters), each table exportable as CSV."""

import csv
from datetime import timedelta
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.frame.http import render_page

from apps.index import figures, fts
from .forms import SearchForm
from apps.index.freshness import freshness_of
from apps.index.search import filtered
from apps.index.visibility import fingerprint_of, project_choices, visible_recordings


def _scope(request):
    """Return (form, the visible recordings the form's filters keep, project names)."""
    fingerprint = fingerprint_of(request.user)
    visible = visible_recordings(fingerprint)
    projects = project_choices(fingerprint, visible)
    form = SearchForm(request.GET or None, projects=projects)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = filtered(visible, data)
    if fts.terms(data.get("q") or ""):
        chosen = chosen.filter(pk__in=fts.matching_recording_ids(data["q"]))
    return form, data, visible, chosen, dict(projects), fingerprint


def _link(base_filters, row_filters):
    merged = {k: v for k, v in base_filters.items() if v not in (None, "", False)}
    merged.update(row_filters)
    return reverse("insights:search") + "?" + urlencode(merged)


@require_GET
def insights_page(request):
    form, data, visible, chosen, names, fingerprint = _scope(request)
    tables = []
    for name in figures.TABLES:
        title, headings, rows = figures.table(name, chosen, names)
        linked = [
            (list(zip(headings, cells)), filters and _link(data, filters)) for cells, filters in rows
        ]
        tables.append({"name": name, "title": title, "headings": headings, "rows": linked,
                       "bar": figures.BARS.get(name, -1)})
    context = {
        "form": form,
        "tables": tables,
        "freshness": freshness_of(fingerprint, visible),
        "query": request.GET.urlencode(),
    }
    return render_page(request, "insights/insights.html", context)


@require_GET
def insights_csv(request, table):
    if table not in figures.TABLES:
        raise Http404("No such table.")
    _form, _data, _visible, chosen, names, _fp = _scope(request)
    title, headings, rows = figures.table(table, chosen, names)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{table}.csv"'
    writer = csv.writer(response)
    writer.writerow(headings)
    for cells, _filters in rows:
        writer.writerow([_safe_cell(cell) for cell in cells])
    return response


def _safe_cell(value):
    """A cell a spreadsheet will not run as a formula (upstream text may start with = + - @)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def week_block(request):
    """The overview's "Goal attainment this week" block (an htmx fragment; without htmx, the
    insights page for this week): per project, this week's calls and average goal score."""
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    week = {"date_from": monday.isoformat()}
    if not request.htmx:
        return redirect(reverse("insights:insights") + "?" + urlencode(week))
    fingerprint = fingerprint_of(request.user)
    visible = visible_recordings(fingerprint)
    names = dict(project_choices(fingerprint, visible))
    rows = figures.attainment(visible.filter(created_at__date__gte=monday), names)
    context = {
        "rows": [(cells, _link(week, filters)) for cells, filters in rows],
        "more": reverse("insights:insights") + "?" + urlencode(week),
        "freshness": freshness_of(fingerprint, visible),
    }
    return render(request, "insights/_week_block.html", context)
