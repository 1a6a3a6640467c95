"""The recordings a person has selected on the list, kept in their session across pages and
filters, for the bulk delete and the CSV export (views/bulk.py).

Why the session and not the query string: a selection of many rows across pages would make every
paging, filter and poll URL long and leak into history and logs, and every htmx swap would have to
rewrite the pagination links each time a box is ticked. The session keeps it per person (another
user never sees it), survives paging, filters and polls with no change to their URLs, and works
without JavaScript (the list's "Update selection" button posts the page's boxes).
"""

import re

SESSION_KEY = "recordings_selection"
MAX_SELECTED = 100  # a bulk delete sends one request per recording: keep it within reason
MAX_NAME = 200
# The refs the console's URLs take (views/detail.py REF): a UUID public_id or an integer id.
REF = re.compile(r"\d{1,19}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                 re.ASCII | re.IGNORECASE)


def selected(request):
    """Return {ref: name} of the selected recordings, in the order they were selected."""
    kept = request.session.get(SESSION_KEY) or {}
    return {ref: str(name) for ref, name in kept.items() if REF.fullmatch(str(ref))}


def _save(request, chosen):
    if chosen:
        request.session[SESSION_KEY] = chosen
    else:
        request.session.pop(SESSION_KEY, None)


def shown_on_page(values):
    """Return {ref: name} from the list's hidden `shown` fields ("ref|name"), bad refs dropped."""
    shown = {}
    for value in values:
        ref, _, name = str(value).partition("|")
        if REF.fullmatch(ref):
            shown[ref.lower()] = " ".join(name.split())[:MAX_NAME]
    return shown


def update(request, shown, ticked):
    """Apply one page's boxes: of the recordings `shown` ({ref: name}), those `ticked` are
    selected and the others not; selections made on other pages stay. Return (the selection,
    how many ticks did not fit under MAX_SELECTED)."""
    ticked = {str(ref).lower() for ref in ticked}
    chosen = {ref: name for ref, name in selected(request).items() if ref not in shown}
    chosen.update({ref: name for ref, name in selected(request).items() if ref in ticked})
    left_out = 0
    for ref, name in shown.items():
        if ref in ticked and ref not in chosen:
            if len(chosen) >= MAX_SELECTED:
                left_out += 1
                continue
            chosen[ref] = name
    _save(request, chosen)
    return chosen, left_out


def drop(request, refs):
    """Unselect `refs` (deleted, or gone)."""
    gone = {str(ref).lower() for ref in refs}
    _save(request, {ref: name for ref, name in selected(request).items() if ref not in gone})


def clear(request):
    _save(request, {})
