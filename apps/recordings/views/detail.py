"""A recording's page: metadata, live status until processing ends, then the analysis panels."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.identitycall import cache as list_cache
from apps.identitycall import errors
from apps.identitycall.service import client_for, retry_after_seconds
from apps.recordings import audio as stored_audio
from apps.recordings import charts
from apps.recordings.analysis import (
    Fetched,
    clean_query,
    clock,
    estimate_finish,
    fetch_all,
    goal_rows,
    keyword_rows,
    lines_html,
    ordered_dialogues,
    parse_seconds,
    pause_rows,
    speakers_of,
    transcript_lines,
)

# public_id (a UUID) or the legacy integer id; anything else never reaches IdentityCall.
REF = re.compile(r"\d{1,19}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
POLL_SECONDS = 4


# IdentityCall docs conflict: old pages type :id as an integer, new ones prefer the UUID public_id
# and accept both (§10); the console's URLs take either.
def checked_ref(ref):
    """Return `ref` when it is a UUID or digits; raise Http404 otherwise."""
    if not REF.fullmatch(ref):
        raise Http404("No such recording.")
    return ref.lower()


@require_GET
def detail(request, ref):
    """Render the whole page; the four upstream calls go out together."""
    client = client_for(request.user)
    fetched = _fetch(client, checked_ref(ref))
    context = page_context(request, fetched)
    context["project_name"] = project_name(client, fetched.projects, fetched.recording)
    return render(request, "recordings/detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def status(request, ref):
    """Render the polled status region; answer 286 (stop polling) once processing has ended."""
    ref = checked_ref(ref)
    if not request.htmx:
        return redirect("recordings:detail", ref=ref)
    try:
        recording = client_for(request.user).get_recording(ref)
    except errors.NotFoundError:
        raise Http404("No such recording.") from None
    except errors.RateLimitError as exc:
        # Keep polling, but only when IdentityCall says the budget is back.
        context = {"ref": ref, "rate_limited": True, "poll_seconds": retry_after_seconds(exc)}
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
    """Render the analysis region (loaded by the status region when processing has ended)."""
    ref = checked_ref(ref)
    if not request.htmx:
        return redirect("recordings:detail", ref=ref)
    client = client_for(request.user)
    fetched = _fetch(client, ref, with_projects=False)
    context = page_context(request, fetched)
    context.update(project_name=project_name(client, None, fetched.recording), oob_meta=True)
    return render(request, "recordings/detail.html#analysis", context)


def _fetch(client, ref, *, with_projects=True):
    """Return Fetched for `ref` (projects too, at the same time, when not cached); 404 on 404."""
    cached = list_cache.peek(client, "projects") is not None
    try:
        return fetch_all(client, ref, with_projects=with_projects and not cached)
    except errors.NotFoundError:
        raise Http404("No such recording.") from None


def page_context(request, fetched: Fetched):
    """Return the template context for the page or its analysis region."""
    recording = fetched.recording
    eta = estimate_finish(recording)
    context = {
        "recording": recording,
        "ref": recording.ref,
        "fetched": fetched,
        "eta": eta,
        "status_token": status_token(recording, eta),
        "duration": clock(recording.duration_ms),
        "poll_seconds": POLL_SECONDS,
        "has_audio": stored_audio.find(recording.ref) is not None
        or (recording.id is not None and stored_audio.find(str(recording.id)) is not None),
        "query": clean_query(request.GET.get("q")),
        "target": parse_seconds(request.GET.get("t")),
    }
    dialogues = ordered_dialogues(fetched.transcription.value) if fetched.transcription.ok else []
    if fetched.transcription.ok:
        speakers = speakers_of(dialogues)
        lines, matches = transcript_lines(
            dialogues, speakers, target=context["target"], query=context["query"]
        )
        pauses = fetched.results.value.pauses if fetched.results.ok else ()
        context.update(
            speakers=speakers,
            lines=lines,
            transcript_html=lines_html(lines),
            matches=matches,
            timeline=charts.timeline(dialogues, speakers, pauses,
                                     duration_ms=recording.duration_ms),
            talk_time=charts.talk_time(speakers),
            emotions=charts.emotions(dialogues, speakers),
        )
    if fetched.results.ok:
        context.update(
            goals=goal_rows(fetched.results.value),
            keywords=keyword_rows(fetched.results.value, dialogues),
            pauses=pause_rows(fetched.results.value, dialogues),
        )
    return context


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
