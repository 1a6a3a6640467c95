"""The recordings list's search across every call: words, a range of upload days and a sort,
answered from the console's index (docs/architecture.md, "The index") instead of paging through
IdentityCall's newest-first list. IdentityCall documents no search, date or sort parameter for
its list (docs/api-decisions.md, "Recordings list filters"), so without the index (switched off,
or nothing synced yet for the user's key) the list stays IdentityCall's own and says why.

Only rows synced with the user's current key are read (apps/index/visibility.py); a row links to
the recording's page, which reads it from IdentityCall again."""

from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse

from apps.identitycall.resources import Recording
from apps.index.freshness import freshness_of
from apps.index.listing import listed, projects_of
from apps.index.search import day_range_errors
from apps.index.visibility import fingerprint_of, visible_recordings

SORTS = (
    ("", "Newest first"),
    ("oldest", "Oldest first"),
    ("longest", "Longest first"),
    ("shortest", "Shortest first"),
    ("name", "Name, A to Z"),
    ("score_high", "Goal score, highest first"),
    ("score_low", "Goal score, lowest first"),
)
# What the table's caption says of each order (the plain list keeps IdentityCall's).
ORDER_WORDS = {"newest": "newest first"} | {value: label[0].lower() + label[1:]
                                             for value, label in SORTS if value}
PARAMS = ("q", "date_from", "date_to", "sort")


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class IndexSearchForm(forms.Form):
    """The list's search (all optional, all GET); the list's own filters stay in ListFilterForm."""

    q = forms.CharField(label="Words", required=False, max_length=200, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": "e.g. refund, a name or an external ID"}))
    date_from = forms.DateField(label="Uploaded from", required=False, widget=DayInput())
    date_to = forms.DateField(label="Uploaded to", required=False, widget=DayInput())
    # "newest" is accepted from a link; the form offers it as the empty choice.
    sort = forms.ChoiceField(label="Sort", required=False, choices=(*SORTS, ("newest", "Newest")))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="recordings-%s", **kwargs)
        self.fields["sort"].widget.choices = SORTS  # "newest" is not offered twice

    def clean(self):
        data = super().clean()
        for name, message in day_range_errors(data.get("date_from"), data.get("date_to")):
            self.add_error(name, message)
        return data


@dataclass
class IndexSearch:
    """What the list's search asked for and whether the index can answer it."""

    form: IndexSearchForm
    asked: bool  # a search parameter is in the URL
    fingerprint: str | None
    visible: object  # the key's indexed recordings
    clear_url: str = ""  # the list with its own filters, without the search

    @cached_property
    def freshness(self):
        """Return the index's Freshness for the key (counts its rows: read only when shown)."""
        return freshness_of(self.fingerprint, self.visible)

    @cached_property
    def filled(self):
        """Return True when the index holds a row for the key (cheaper than counting them)."""
        return self.visible.exists()

    @property
    def why_off(self):
        """Return what keeps the index from answering ("switched off …"), or "" when it can."""
        if not settings.INDEX_ENABLED:
            return "switched off on this console"
        if not self.filled:
            of = f" of {self.freshness.total:,}" if self.freshness.total is not None else ""
            return f"still filling: 0{of} recordings synced so far"
        return ""

    @property
    def unavailable(self):
        """Return the sentence saying why the search cannot be used now, or "" when it can."""
        if why := self.why_off:
            return f"Search, date range and sort need the console's index, which is {why}."
        return ""

    @property
    def applies(self):
        """Return True when the list shows the index's answer."""
        return self.asked and self.form.is_valid() and not self.why_off

    @property
    def not_applied(self):
        """Return the sentence saying an asked search was not applied, or ""."""
        if not self.asked or self.applies:
            return ""
        if self.why_off:
            why = f"the console's index is {self.why_off}."
        else:
            why = "correct what the search above points out."
        return (f"Your search was not applied: {why} "
                "The list below is IdentityCall's own, newest first.")

    @property
    def order_words(self):
        return ORDER_WORDS[self.form.cleaned_data.get("sort") or "newest"]


def read(request):
    """Return the IndexSearch the request's query string asks for (never raises on bad input)."""
    asked = any(request.GET.get(name, "").strip() for name in PARAMS)
    form = IndexSearchForm(request.GET if asked else None)
    fingerprint = fingerprint_of(request.user)
    visible = visible_recordings(fingerprint)
    kept = request.GET.copy()
    for name in (*PARAMS, "page"):
        kept.pop(name, None)
    clear_url = reverse("recordings:list") + (f"?{kept.urlencode()}" if kept else "")
    return IndexSearch(form, asked, fingerprint, visible, clear_url)


def indexed_page(search, query):
    """Return (one page of the index's answer, with its recordings as `items`; the projects of
    the key's indexed rows) for `query`'s status, project, page and page size."""
    data = search.form.cleaned_data
    found = listed(search.visible, words=data["q"], date_from=data["date_from"],
                   date_to=data["date_to"], status=query.status, project=query.project,
                   sort=data["sort"] or "newest")
    paginator = Paginator(found, query.per_page)
    number = query.page if query.page <= paginator.num_pages else None
    items = list(paginator.page(number).object_list) if number else []
    page = SimpleNamespace(current_page=query.page, total_pages=paginator.num_pages,
                           total_count=paginator.count, items=[as_recording(r) for r in items],
                           more=getattr(found, "more", False))  # a count that stopped at 1,000
    return page, projects_of(search.fingerprint, search.visible)


def as_recording(row):
    """Return an indexed row as the list's Recording (what the index knows of it)."""
    public_id = row.ref if row.ref != str(row.recording_id) else None
    return Recording(
        id=row.recording_id, public_id=public_id, project_id=row.project_id,
        external_id=row.external_id or None, name=row.name or None, status=row.status or None,
        language=row.language or None, duration_ms=row.duration_ms, created_at=row.created_at,
        updated_at=row.updated_at, speakers=tuple(row.speakers or ()),
        goal_achievement=row.goal_score,
    )
