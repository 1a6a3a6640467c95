"""The transcript as a download: /recordings/<ref>/export.<txt|srt|vtt|json>."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from apps.identitycall import errors
from apps.accounts.clients import client_for
from apps.recordings.analysis.fetch import fetch_all
from apps.recordings.exports import FORMATS, safe_filename

from .detail import checked_ref


@require_GET
def export(request, ref, fmt):
    """Answer the transcript as an attachment; back to the page when it is not ready yet."""
    ref = checked_ref(ref)
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    try:
        fetched = fetch_all(client_for(request.user), ref, parts=("transcription",))
    except errors.NotFoundError:
        raise Http404("No such recording.") from None
    if not fetched.transcription.ok:
        messages.info(request, f"{fetched.transcription.message} Export it then.")
        return redirect("recordings:detail", ref=ref)
    content_type, render = FORMATS[fmt]
    recording = fetched.recording
    body = render(recording, fetched.transcription.value)
    response = HttpResponse(body.encode("utf-8"), content_type=content_type)
    filename = safe_filename(recording.name, fallback=f"recording-{recording.ref or ref}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
