"""The insights page (/insights/): tables over the user's indexed calls (apps/index/figures.py),
most drawn as a chart above them (insight_charts.py); each row, point and bar links to the calls
behind it (the search page with the same filters), each table exportable as CSV."""

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

from . import insight_bars, insight_charts
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
        chosen = fts.matching(chosen, data["q"])
    return form, data, visible, chosen, dict(projects), fingerprint


def _link(base_filters, row_filters):
    """Return the search URL of a row's calls: the page's filters, narrowed by the row's (a
    row's week or day within the page's dates, so the search finds exactly the row's calls)."""
    merged = {k: v for k, v in base_filters.items() if v not in (None, "", False)}
    for key, value in row_filters.items():
        if key == "date_from" and merged.get(key):
            value = max(value, merged[key])
        elif key == "date_to" and merged.get(key):
            value = min(value, merged[key])
        merged[key] = value
    return reverse("insights:search") + "?" + urlencode(merged)


# Tables offered as CSV only: their figure is drawn inside another table (the keywords' trend).
CSV_ONLY = {"keyword_weeks": "keywords"}


@require_GET
def insights_page(request):
    form, data, visible, chosen, names, fingerprint = _scope(request)

    def link(filters):
        return filters and _link(data, filters)

    built, cache = {}, {}
    for name in figures.TABLES:
        title, headings, rows = figures.table(name, chosen, names, cache)
        built[name] = (title, headings, [(cells, link(filters)) for cells, filters in rows])
    tables = []
    for name, (title, headings, rows) in built.items():
        if name in CSV_ONLY:
            continue
        tables.append({
            "name": name, "title": title, "headings": headings,
            "rows": [(list(zip(headings, cells)), url) for cells, url in rows],
            "bar": figures.BARS.get(name, -1),
            "chart": _chart(name, rows, link, built),
            "also": [(other, built[other][0]) for other, home in CSV_ONLY.items() if home == name],
        })
    context = {
        "form": form,
        "tables": tables,
        "freshness": freshness_of(fingerprint, visible),
        "query": request.GET.urlencode(),
    }
    return render_page(request, "insights/insights.html", context)


def _chart(name, rows, link, built):
    """Return {"template", "data", "name"} of the chart drawn above a table, or None."""
    if not rows:
        return None
    charts = insight_charts
    if name == "keywords":
        data = charts.keyword_trends([cells[0] for cells, _ in rows], built["keyword_weeks"][2])
    elif name == "attainment":
        data = charts.attainment_lines(rows)
    elif name == "days":
        data = charts.day_columns(rows)
    elif name == "statuses":
        data = insight_bars.bars(
            [(status, count, str(count), url) for (status, count), url in rows],
            "Recordings per status")
    elif name == "talk_roles":
        data = insight_bars.bars(
            [(role, float(share.rstrip("%")), f"{minutes} min · {share}", url)
             for (role, _calls, minutes, share), url in rows],
            "Share of the talking per role")
    elif name == "pause_lengths":
        data = insight_bars.bars(
            [(length, pauses, f"{pauses} in {calls} call{'s' * (calls != 1)}", url)
             for (length, pauses, calls), url in rows],
            "Long pauses by length")
    elif name == "emotions":
        data = insight_bars.emotion_stacks(rows, link)
    else:
        return None
    kind = {"attainment": "lines", "days": "columns", "emotions": "stacks",
            "keywords": "trends"}.get(name, "bars")
    return {"template": f"insights/_chart_{kind}.html", "data": data, "name": name}


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
    week = {"date_from": monday}
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
