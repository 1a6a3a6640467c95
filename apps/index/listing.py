"""The recordings list's questions to the index (apps/recordings): one key's indexed recordings
narrowed by words (search.py: transcripts, names, external IDs, keywords, summaries), a range of
upload days, a status and a project, in one of the list's orders, and the names of their
projects. Every answer starts from `visible_recordings` of the asking user's key."""

from types import SimpleNamespace

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Lower

from .search import ORDER, search
from .visibility import project_choices

# What the list can be sorted by; "name" is the list's own (search.py has the rest).
SORTS = ("newest", "oldest", "longest", "shortest", "name", "score_high", "score_low")
# A recording without a name ("Untitled recording" on the list) goes after the named ones.
BY_NAME = [
    Case(When(name="", then=Value(1)), default=Value(0), output_field=IntegerField()),
    Lower("name"),
    "id",
]


def listed(visible, *, words="", date_from=None, date_to=None, status=None, project=None,
           sort="newest"):
    """Return the recordings of `visible` matching every given criterion, ordered by `sort` (one
    of SORTS): a queryset, paged by the caller. Words without a searchable word match nothing."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    data = {
        "q": words,
        "date_from": date_from,
        "date_to": date_to,
        "status": status,
        "project": project,
        "sort": sort if sort in ORDER else "newest",
    }
    found = search(visible, data)
    return found.order_by(*BY_NAME) if sort == "name" else found


def projects_of(fingerprint, visible):
    """Return the projects the key's indexed rows are in, each with `id` and `name` (as the key's
    project list named it at its last walk), by name."""
    choices = project_choices(fingerprint, visible)
    return [SimpleNamespace(id=pid, name=name) for pid, name in choices]
