"""The index's pages: search across calls, and "sync now"."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.frame.http import render_page, safe_next

from apps.index import fts
from .forms import SearchForm
from apps.index.freshness import freshness_of, request_sync
from apps.index.search import hits, search
from apps.index.visibility import fingerprint_of, project_choices, visible_recordings

PER_PAGE = 20


@require_GET
def search_page(request):
    """Search the user's indexed recordings (those synced with their current key)."""
    fingerprint = fingerprint_of(request.user)
    visible = visible_recordings(fingerprint)
    projects = project_choices(fingerprint, visible)
    form = SearchForm(request.GET or None, projects=projects)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = {key for key, value in data.items() if value not in (None, "", False)}
    asked = bool(chosen - {"sort"})
    page = rows = pager = None
    if asked:
        found = search(visible, data)
        page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
        rows = hits(list(page.object_list), data.get("q", ""))
        names = dict(projects)
        for hit in rows:
            hit.project_name = names.get(hit.recording.project_id, "")
        pager = SimpleNamespace(current_page=page.number, total_pages=page.paginator.num_pages)
    context = {
        "form": form,
        "asked": asked,
        "filtering": bool(chosen - {"q"}) or bool(form.errors),
        "page": page,
        "hits": rows,
        "pager": pager,
        "marked": fts.words_to_mark(data.get("q", "")),
        "freshness": freshness_of(fingerprint, visible),
    }
    return render_page(request, "insights/search.html", context, partial="results")


@require_POST
def sync_now(request):
    """Ask for the user's key to be synced at the next tick; back to where they came from."""
    fingerprint = fingerprint_of(request.user)
    if settings.INDEX_ENABLED and fingerprint:
        request_sync(fingerprint, request.user, timezone.now())
        messages.success(request, "A sync of your recordings starts within seconds.")
    return redirect(safe_next(request, "insights:search"))
