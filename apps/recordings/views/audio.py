"""The console's own copy of a recording's audio, for users whose key can read that recording.

Proxied, from the disk or the bucket alike: the bytes of each Range come through this view (a
ranged GET to the bucket, streamed on), never by sending the browser to the store. So the
permission check below holds for every request, the page's CSP stays same-origin, and the store
need not be reachable from browsers (docs/architecture.md, "The upload path").
"""

import logging

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.identitycall import errors
from apps.frame.list_cache import scope
from apps.accounts.clients import client_for
from apps.recordings.ingest import storage as stored_audio
from apps.recordings import ranges

from .detail import checked_ref

logger = logging.getLogger(__name__)

# A player asks for several ranges while it loads and seeks; one upstream check covers them for
# this long, so playback does not spend the key's rate limit (60 requests a minute on Free).
READ_CHECK_SECONDS = 120


@require_GET
def audio(request, ref):
    """Stream the stored file (200, or 206 for a Range) once IdentityCall lets this key read it."""
    ref = checked_ref(ref)
    keys = _readable_keys(request.user, ref)
    stored = stored_audio.find_any(*keys)
    if stored is None:
        raise Http404("No audio is stored for this recording.")
    try:
        handle, size = stored_audio.open_copy(stored)
        return ranges.serve(
            request,
            handle,
            size=size,
            content_type=stored.content_type or "application/octet-stream",
            etag=f'"{stored.sha256}"' if stored.sha256 else None,
            filename=stored.original_name,
        )
    except FileNotFoundError:
        raise Http404("The stored audio file is missing.") from None
    except OSError as exc:
        logger.warning("Audio of recording %s could not be read: %s", ref, exc)
        return _unavailable(request)


def _unavailable(request):
    """Return the 503 page saying the audio cannot be read just now (the storage is down)."""
    context = {
        "title": "Audio unavailable",
        "message": "The console’s audio storage did not answer, so this recording cannot be "
                   "played just now. Try again in a minute.",
        "level": "error",
        "retry_url": request.get_full_path(),
    }
    response = render(request, "error_upstream.html", context, status=503)
    response["Retry-After"] = "60"
    return response


# IdentityCall docs gap: the API has no way to download audio (docs/api-decisions.md, "Audio"), so
# this serves the console's own copy, and only after IdentityCall confirms the key can read it.
def _readable_keys(user, ref):
    """Return the ids the stored copy may be filed under; raise Http404 when the key cannot read."""
    client = client_for(user)
    # The check belongs to the key, not the person: named by a hash of it (never the key itself),
    # it stops matching the moment the user replaces the key, and users sharing a key share it.
    named = scope(client)
    cache_key = None if named is None else f"recordings:audio-readable:{named}:{ref}"
    keys = None if cache_key is None else cache.get(cache_key)
    if keys is None:
        try:
            recording = client.get_recording(ref)
        except (errors.NotFoundError, errors.PermissionDeniedError):
            # Another account's recording, or a key without read permission: nothing to hear.
            raise Http404("No such recording.") from None
        keys = [key for key in (recording.ref, ref, recording.id) if key is not None]
        keys = list(dict.fromkeys(str(key) for key in keys))
        if cache_key is not None:
            cache.set(cache_key, keys, READ_CHECK_SECONDS)
    return keys
