"""A recording's page: metadata, live status until processing ends, then the analysis panels."""

import re
from functools import partial

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from apps.accounts.clients import client_for
from apps.frame import list_cache
from apps.frame.http import render_page
from apps.frame.items import ItemNotFound, answers_not_found, read_or_404
from apps.identitycall import errors
from apps.recordings import analysis_cache, retries, timeline_window
from apps.recordings.ingest import storage as stored_audio
from apps.recordings.analysis import SUB_RESOURCES, Fetched, not_ready
from apps.recordings.analysis.fetch import fetch_all
from apps.recordings.analysis.timing import clock, estimate_finish, parse_seconds
from apps.recordings.analysis.transcript import clean_query
from apps.recordings.renames import names_token, saved_names

# public_id (a UUID) or the legacy integer id; anything else never reaches IdentityCall. ASCII
# only: `\d` alone would also take "١٢٣".
REF = re.compile(r"\d{1,19}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                 re.ASCII | re.IGNORECASE)
POLL_SECONDS = 4


# IdentityCall docs conflict: old pages type :id as an integer, new ones prefer the UUID public_id
# and accept both (docs/api-decisions.md, "Recording identifiers"); the console's URLs take either.
def checked_ref(ref):
    """Return `ref` when it is a UUID or digits; raise ItemNotFound otherwise (a view decorated
    with answers_not_found says "Recording not found", as for an id IdentityCall does not know)."""
    if not REF.fullmatch(ref):
        raise ItemNotFound("No such recording.")
    return ref.lower()


@require_GET
@answers_not_found("recording")  # "Recording not found": deleted, or not visible with this key
def detail(request, ref):
    """Render the whole page; the four upstream calls go out together (just the recording's
    when the key's analysis of it is kept: apps/recordings/analysis_cache.py)."""
    client = client_for(request.user)
    fetched, panels = _fetch(client, checked_ref(ref))
    context = page_context(request, fetched, panels)
    context["project_name"] = project_name(client, fetched.projects, fetched.recording)
    return render_page(request, "recordings/detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def status(request, ref):
    """Render the polled status region; answer 286 (stop polling) once processing has ended."""
    ref = checked_ref(ref)
    if not request.htmx:
        return redirect("recordings:detail", ref=ref)
    try:
        recording = read_or_404(client_for(request.user).get_recording, ref)
    except errors.RateLimitError as exc:
        # Keep polling, but only when IdentityCall says the budget is back.
        context = {"ref": ref, "rate_limited": True, "poll_seconds": exc.wait_seconds}
        return render(request, "recordings/_status.html", context)
    eta = estimate_finish(recording)
    token = status_token(recording, eta)
    if not recording.is_terminal and request.GET.get("was") == token:
        return HttpResponse(status=204)  # nothing changed: no swap, no repeated announcement
    context = {"recording": recording, "ref": ref, "eta": eta, "status_token": token,
               "poll_seconds": POLL_SECONDS, "live": True}
    response = render(request, "recordings/_status.html", context)
    if recording.is_terminal:
        response.status_code = 286  # htmx stops polling; the swapped content loads the analysis
    return response


@require_GET
@vary_on_headers("HX-Request")
def analysis(request, ref):
    """Render the analysis region (loaded by the status region when processing has ended), or,
    for a check of parts not ready yet (?check=n&waiting=…), the next check while they still
    are not: the panels already shown stay as they are."""
    ref = checked_ref(ref)
    if not request.htmx:
        return redirect("recordings:detail", ref=ref)
    client = client_for(request.user)
    check, waiting = not_ready.check_params(request.GET)
    probe = None
    if check is not None and check < not_ready.MAX_CHECKS:
        response, probe = _check_again(request, client, ref, check, waiting)
        if response is not None:
            return response
    next_check = 1 if check is None else check + 1
    last_check = next_check > not_ready.MAX_CHECKS
    fetched, panels = _fetch(client, ref, with_projects=False, last_check=last_check,
                             probe=probe, probed=waiting)
    context = page_context(request, fetched, panels, check=next_check)
    context.update(project_name=project_name(client, None, fetched.recording), oob_meta=True)
    response = render(request, "recordings/detail.html#analysis", context)
    if check is not None:
        # The check replaces only itself while nothing changes; now the whole region moves on.
        retarget(response, "#analysis")
        reswap(response, "outerHTML")
    return response


def _check_again(request, client, ref, check, waiting):
    """Return (the next check, None) while every `waiting` part is still not ready, else
    (None, the probe): what it read is not asked for again."""
    try:  # only what is missing, not all four
        probe = _read_or_forget(client, ref, partial(fetch_all, client, parts=waiting))
    except errors.RateLimitError as exc:
        # Keep checking, but only when IdentityCall says the budget is back.
        delay = max(not_ready.check_seconds(check + 1), exc.wait_seconds)
        return _checking(request, ref, waiting, check + 1, delay), None
    if not_ready.waiting_parts(probe) != waiting:
        return None, probe
    delay = not_ready.check_seconds(check + 1)
    return _checking(request, ref, waiting, check + 1, delay), None


def _checking(request, ref, waiting, check, delay):
    """Return the element that makes check number `check` of the `waiting` parts in `delay` s."""
    context = {"ref": ref, "checking": {"check": check, "delay": delay,
                                        "waiting": ",".join(waiting)}}
    return render(request, "recordings/detail.html#checking", context)


def _fetch(client, ref, *, with_projects=True, last_check=False, probe=None, probed=()):
    """Return (Fetched, Panels or None) for `ref`; 404 on 404. The sub-resources are asked only
    when the key has no Panels kept for this recording; the projects only when not cached.
    `last_check` words the parts not ready yet for a page that stops checking them. A check's
    `probe` (the recording and the `probed` parts, just read) is reused: only the other parts
    are asked for."""
    with_projects = with_projects and list_cache.peek(client, "projects") is None
    panels = analysis_cache.cached_panels(client, ref)
    if probe is not None and panels is None:
        fetched = _with_probe(client, ref, probe, probed, with_projects)
    else:
        parts = () if panels is not None else tuple(SUB_RESOURCES)
        read = partial(fetch_all, client, parts=parts, with_projects=with_projects)
        fetched = _read_or_forget(client, ref, read)
    if fetched.recording.status != "completed":
        # Only a completed recording shows its analysis (and has any kept).
        if panels is not None:
            analysis_cache.forget_analysis(client, ref)
        return fetched, None
    renames = saved_names(fetched.recording)
    if panels is not None and panels.names != names_token(renames):
        # Someone renamed a speaker since these were drawn: read the parts again, draw anew.
        fetched = fetch_all(client, ref, recording=fetched.recording)
        panels = None
    if last_check:
        not_ready.stop_checking(fetched)
    # remember() keeps only complete analyses: a part not ready yet is asked for on every view.
    return fetched, panels or analysis_cache.remember(client, ref, fetched, renames)


def _with_probe(client, ref, probe, probed, with_projects):
    """Return Fetched from a check's `probe`, asking only for the parts it did not read."""
    if probe.recording.status != "completed":
        return probe  # no analysis to show; _fetch stops here
    rest = tuple(name for name in SUB_RESOURCES if name not in probed)
    read = partial(fetch_all, client, parts=rest, with_projects=with_projects,
                   recording=probe.recording)
    fetched = read(ref)
    for name in probed:
        setattr(fetched, name, getattr(probe, name))
    return fetched


def _read_or_forget(client, ref, read):
    """Return read(ref); on a 404 (deleted, or no longer this key's) forget the analysis the key
    kept of the recording, then raise Http404."""
    try:
        return read_or_404(read, ref)
    except ItemNotFound:
        analysis_cache.forget_analysis(client, ref)
        raise


def page_context(request, fetched: Fetched, panels=None, *, check=1):
    """Return the template context for the page or its analysis region (`check`: the number of
    the next check of parts not ready yet)."""
    recording = fetched.recording
    eta = estimate_finish(recording)
    context = {
        "recording": recording,
        "ref": recording.ref,
        "eta": eta,
        "status_token": status_token(recording, eta),
        "duration": clock(recording.duration_ms),
        "poll_seconds": POLL_SECONDS,
        "has_audio": stored_audio.playable(recording.ref, recording.id),
        "retention_days": settings.AUDIO_RETENTION_DAYS,
        "query": clean_query(request.GET.get("q")),
        "target": parse_seconds(request.GET.get("t")),
        "panels": panels,
        "checking": not_ready.checking_context(fetched, check),
        "retry_links": retries.links_for(recording),
    }
    if panels is not None:
        # What differs per view: search marks, the target line, the timeline's window.
        html, matches = panels.lines.html(target=context["target"], query=context["query"])
        context.update(transcript_html=html, matches=matches)
        context.update(timeline_context(request, panels.timeline))
    return context


def timeline_context(request, parts):
    """Return the timeline's context for this view: the stretch of the call it shows (`?span=`
    and `?from=`, the zoom without JavaScript), its axis, the zoom choices."""
    if parts is None:
        return {}
    view = timeline_window.window(request.GET, parts.duration_ms)
    return {"timeline": parts, "timeline_view": view, "timeline_ticks": timeline_window.ticks(view),
            "timeline_spans": timeline_window.spans_for(parts.duration_ms)}


def status_token(recording, eta):
    """Return what the status region shows, in short: the poll sends it back as `was`."""
    return f"{recording.status}{'-late' if eta and eta.overdue else ''}"


def project_name(client, projects, recording):
    """Return the recording's project name from `projects` or the per-key cache, else ''."""
    if projects is not None:
        list_cache.store(client, "projects", projects)
    else:
        projects = list_cache.peek(client, "projects") or ()
    names = {project.id: project.name for project in projects}
    return names.get(recording.project_id) or ""
