"""The transcript as a download: /recordings/<ref>/export.<txt|srt|vtt|json>."""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.accounts.clients import client_for
from apps.frame.http import go_to
from apps.frame.items import answers_not_found, read_or_404
from apps.recordings.analysis.fetch import fetch_all
from apps.recordings.analysis.people import identities_of
from apps.recordings.exports import FORMATS, safe_filename
from apps.recordings.renames import saved_names

from .detail import checked_ref


@require_GET
@answers_not_found("recording")  # "Recording not found", as on the recording's page
def export(request, ref, fmt):
    """Answer the transcript as an attachment; back to the page when it is not ready yet. The
    summary is read too: speakers are named as on the page (apps/recordings/speakers.py)."""
    ref = checked_ref(ref)
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    read = partial(fetch_all, client_for(request.user), parts=("transcription", "summary"))
    fetched = read_or_404(read, ref)
    if not fetched.transcription.ok:
        message = f"{fetched.transcription.message} Export it then."
        return go_to(request, reverse("recordings:detail", args=[ref]), message=message,
                     level=messages.INFO)
    content_type, render = FORMATS[fmt]
    recording = fetched.recording
    identities = identities_of(fetched, saved_names(recording))
    body = render(recording, fetched.transcription.value, identities)
    response = HttpResponse(body.encode("utf-8"), content_type=content_type)
    filename = safe_filename(recording.name, fallback=f"recording-{recording.ref or ref}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
