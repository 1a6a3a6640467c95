"""Renaming a recording's speakers: /recordings/<ref>/speakers/ (a form; inline with htmx)."""

from functools import partial

from django.contrib import messages
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.accounts.clients import client_for
from apps.frame.http import go_to, render_page
from apps.frame.items import answers_not_found, read_or_404
from apps.recordings.analysis.fetch import fetch_all
from apps.recordings.analysis.people import identities_of
from apps.recordings.candidates import agent_candidates
from apps.recordings.renames import save_names, saved_names
from apps.recordings.speakers import MAX_NAME, agent_key

from .detail import checked_ref


@require_http_methods(["GET", "POST"])
@answers_not_found("recording")
def speakers(request, ref):
    """Show the speakers' names to change; save them (a blank name goes back to IdentityCall's)
    and return to the recording, whose every panel and export then uses them."""
    ref = checked_ref(ref)
    client = client_for(request.user)
    read = partial(fetch_all, client, parts=("transcription", "summary"))
    fetched = read_or_404(read, ref)
    recording = fetched.recording
    page = reverse("recordings:detail", args=[recording.ref or ref])
    if not fetched.transcription.ok:
        message = f"{fetched.transcription.message} Its speakers can be renamed then."
        return go_to(request, page, message=message, level=messages.INFO)
    identities = identities_of(fetched, saved_names(recording))
    if request.method == "POST":
        typed = posted_names(request.POST, identities)
        changed = save_names(request.user, recording, identities, typed)
        words = (f"Saved the names of {changed} speaker{'s' if changed != 1 else ''}." if changed
                 else "No speaker name changed.")
        return go_to(request, f"{page}#speakers", message=words)
    agent = agent_key(identities)
    rows = [{"index": index, "identity": identity, "agent": key == agent}
            for index, (key, identity) in enumerate(identities.items())]
    context = {"recording": recording, "ref": recording.ref or ref, "rows": rows,
               "candidates": agent_candidates(client, recording), "max_name": MAX_NAME}
    return render_page(request, "recordings/speakers.html", context, partial="form")


def posted_names(post, identities):
    """Return {speaker key: typed name} from the form (`key-<n>` names `name-<n>`'s speaker);
    keys that are not this recording's speakers are ignored."""
    typed = {}
    for field, key in post.items():
        if field.startswith("key-") and key in identities:
            typed[key] = post.get(f"name-{field.removeprefix('key-')}", "")
    return typed
