"""The sections' list pages: what IdentityCall listed, one row per item, with the `?q=` filter.

The operators and projects lists share this shape and its template,
templates/_partials/filtered_table.html; each view adds what only its own page needs.
"""

from apps.projects.http import render_page
from apps.projects.text_filter import mark_matches, query_of


def render_list(request, template, items, filtered_on, *, partial, **context):
    """Return the list page, or its `partial` for htmx, each item marked shown or not by `?q=`."""
    query = query_of(request)
    rows = mark_matches(items, query, filtered_on)
    context |= {"rows": rows, "shown": sum(row.shown for row in rows), "query": query}
    return render_page(request, template, context, partial=partial)
