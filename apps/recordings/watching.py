"""Following recordings after their page is closed: every recording IdentityCall created from an
upload through the console (201) is watched until it completes or fails; then its uploader is
told (a notification under the header's bell, and an e-mail when they opted in).

The periodic task `watch_recordings` (settings.PERIODIC_TASKS, every WATCH_INTERVAL_SECONDS)
spends as few calls as the recordings list does (README, "Calls per page"): per user, one client
and, when several of their recordings are open, one list page, which is newest first as the
recordings list shows it, so a batch just uploaded is on it; only a watched recording that page
does not show is read on its own, at most READS_PER_RUN a user per run, the longest unchecked
first. A watch is only ever read with the key it was made with: a user whose key changed or went
has their watches ended silently. A 429 pauses every task using that key (apps.jobs.ratelimit;
docs/api-decisions.md, "Background work and the rate limit"); the next scheduled run is the retry,
and it sends nothing while the pause lasts.

Finishing a watch is one conditional UPDATE on `finished_at`, in the same transaction as its
notification, so a run repeated after a lost worker never tells anyone twice.
"""

import logging
from datetime import timedelta
from itertools import groupby

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from apps.accounts.clients import MissingApiKey, client_for
from apps.accounts.models import KeyDecryptionError
from apps.identitycall import errors
from apps.jobs import ratelimit
from apps.notifications.models import Notification
from apps.notifications.notify import notify

from .models import RecordingWatch

logger = logging.getLogger(__name__)

# A recording still processing after this long is not followed any more (silently: nothing
# finished, and the recordings list still shows its status).
GIVE_UP_AFTER = timedelta(days=7)
LIST_FROM = 2  # open watches of one user from which one list page is read first
LIST_PER_PAGE = 100  # the most IdentityCall's list gives in one call
READS_PER_RUN = 5  # single-recording reads per user per run, beyond the list page


def start_watching(user, fingerprint, recording):
    """Watch `recording`, just created (201) by `user`'s upload with the key of `fingerprint`."""
    RecordingWatch.objects.get_or_create(
        user=user,
        recording_key=recording.ref,
        defaults={
            "key_fingerprint": fingerprint,
            "recording_id": recording.id,
            "name": (recording.name or recording.ref)[:255],
            "status": recording.status or "",
        },
    )


@task
def watch_recordings():
    """Check every open watch (see the module's docstring); return counts for the task's result."""
    now = timezone.now()
    gave_up = open_watches().filter(created_at__lt=now - GIVE_UP_AFTER).update(finished_at=now)
    watches = (
        open_watches()
        .select_related("user")
        .order_by("user_id", F("checked_at").asc(nulls_first=True), "created_at")
    )
    told = 0
    for _user_id, theirs in groupby(watches, key=lambda watch: watch.user_id):
        told += check_user(list(theirs), now)
    return {"told": told, "gave_up": gave_up}


def open_watches():
    return RecordingWatch.objects.filter(finished_at__isnull=True)


def check_user(watches, now):
    """Check one user's open watches (oldest-checked first); return how many finished."""
    user = watches[0].user
    try:
        client = client_for(user) if user.is_active else None
    except MissingApiKey:
        client = None
    except KeyDecryptionError:
        logger.error("Stored API key of user %s cannot be decrypted; watches wait", user.pk)
        return 0
    fingerprint = client.fingerprint if client is not None else None
    # Never read with another key than the one that uploaded: it may see other projects.
    end_silently([watch for watch in watches if watch.key_fingerprint != fingerprint], now)
    current = [watch for watch in watches if watch.key_fingerprint == fingerprint]
    if not current or ratelimit.paused_for(fingerprint) > 0:
        return 0
    told = 0
    try:
        for watch, recording in statuses(client, current):
            told += record(watch, recording, now)
    except errors.RateLimitError as exc:
        ratelimit.pause(fingerprint, exc.wait_seconds)
        logger.info("Watching recordings paused %s s for a rate limit", exc.wait_seconds)
    except errors.IdentityCallError as exc:
        # An outage, a revoked key: the watches stay open and the next run tries again.
        logger.info("Watching recordings of user %s stopped: %s", user.pk, type(exc).__name__)
    return told


def statuses(client, watches):
    """Yield (watch, Recording, or None when IdentityCall no longer has it) for the watches this
    run learns about: those on the list's first page, then at most READS_PER_RUN read alone."""
    unread = watches
    if len(watches) >= LIST_FROM:
        # IdentityCall docs gap: the list's order is undocumented (docs/api-decisions.md,
        # "Recordings list filters"); whatever the first page misses is read alone below.
        listed = _by_ref(client.list_recordings(page=1, per_page=LIST_PER_PAGE))
        unread = []
        for watch in watches:
            recording = listed.get(watch.recording_key) or listed.get(str(watch.recording_id))
            if recording is None:
                unread.append(watch)
            else:
                yield watch, recording
    for watch in unread[:READS_PER_RUN]:
        try:
            yield watch, client.get_recording(watch.recording_key)
        except errors.NotFoundError:
            yield watch, None


def _by_ref(page):
    """Return {public_id or id as text: Recording} for a list page (either id may be watched)."""
    found = {}
    for recording in page:
        for ref in (recording.public_id, recording.id):
            if ref is not None:
                found[str(ref)] = recording
    return found


def record(watch, recording, now):
    """Note what IdentityCall said of a watched recording; finish the watch and tell its uploader
    once it completed or failed. Return 1 when this call told them, 0 otherwise."""
    if recording is None:
        # Deleted upstream (the key that uploaded it gets a 404): the watch ends without a
        # notification, as there is no recording page left to link to; most often its uploader
        # deleted it.
        end_silently([watch], now)
        return 0
    status = (recording.status or "")[:20]
    if not recording.is_terminal:
        open_watches().filter(pk=watch.pk).update(status=status, checked_at=now)
        return 0
    with transaction.atomic():
        won = open_watches().filter(pk=watch.pk).update(
            status=status, checked_at=now, finished_at=now
        )
        if won:  # another run that got here first has told them already
            notify(watch.user, **message(watch, recording))
    return won


def end_silently(watches, now):
    """Finish `watches` without telling anyone."""
    if watches:
        open_watches().filter(pk__in=[watch.pk for watch in watches]).update(finished_at=now)


def message(watch, recording):
    """Return the notification of a finished recording: title, body, link and outcome."""
    name = recording.name or watch.name
    url = reverse("recordings:detail", args=[recording.ref or watch.recording_key])
    if recording.status == "completed":
        return {
            "title": f"“{name}” is ready",
            "body": "IdentityCall has finished processing it: its transcript and analysis can "
                    "be read on its page.",
            "url": url,
            "outcome": Notification.Outcome.COMPLETED,
        }
    # IdentityCall docs gap: `failed` tells to "check error details", but no field carrying them
    # is documented, so the notification cannot say why.
    return {
        "title": f"“{name}” failed",
        "body": "IdentityCall could not process it and gives no reason. Uploading the file "
                "again may help; if it fails again, check that it is a clear call recording.",
        "url": url,
        "outcome": Notification.Outcome.FAILED,
    }
