"""The settings page saying how much audio the console keeps for playback, and for how long."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..ingest import storage


@require_GET
def kept_audio(request):
    """Show the copies the user uploaded, everyone's, where they are kept and for how long."""
    # The copies are what the console stores besides keys, so the settings pages say what
    # uploads cost the disk. It never asks IdentityCall: it works without a saved key.
    context = {
        "nav_section": "accounts",  # a settings page, though the recordings app serves it
        "yours": storage.kept(request.user),
        "everyone": storage.kept(),
        "retention_days": settings.AUDIO_RETENTION_DAYS,
        "where": storage.where_kept(),  # this disk, or the bucket of AUDIO_STORAGE_URL
    }
    return render(request, "recordings/kept_audio.html", context)
