"""The sections' list pages: what IdentityCall listed, one row per item, with the `?q=` filter.

The operators and projects lists share this shape and its template,
templates/_partials/filtered_table.html; each view adds what only its own page needs.
"""

from apps.frame.http import render_page
from apps.frame.text_filter import mark_matches, query_of


def render_list(request, template, items, filtered_on, *, partial, plural, **context):
    """Return the list page, or its `partial` for htmx, each item marked shown or not by `?q=`."""
    query = query_of(request)
    rows = mark_matches(items, query, filtered_on)
    context |= {"rows": rows, "shown": sum(row.shown for row in rows), "query": query,
                "list_note": cut_short_note(items, plural)}
    return render_page(request, template, context, partial=partial)


def cut_short_note(listed, plural) -> str:
    """Return the sentence saying a list (a client Listing) holds only its first pages, or "".

    IdentityCall may page a list the docs show unpaginated (docs/api-decisions.md, "Lists and
    pagination"); the client follows at most MAX_LIST_PAGES pages, so a list page or a picker
    built from a longer one says what it leaves out. Plain lists (tests' doubles) are taken as
    complete.
    """
    if getattr(listed, "complete", True):
        return ""
    shown, total = len(listed), getattr(listed, "total_count", 0)
    if total > shown:
        return (
            f"Only the first {shown:,} of {total:,} {plural} are listed here: IdentityCall "
            "split the list into more pages than the console reads."
        )
    return (
        f"Only the first {shown:,} {plural} are listed here: IdentityCall’s list goes on, but "
        "its further pages could not be read."
    )
