"""Your uploads in progress: the queued uploads block of the recordings page, Retry and Dismiss
(a failed upload), Clear (the sent ones).

Only the database is read (no IdentityCall call), and only the signed-in user's own rows. With
JavaScript the block asks for itself again every QUEUE_POLL_SECONDS while a file is queued or
being sent, and stops once none is; without it the page shows the same block, and Retry and
Dismiss are plain forms that lead back to the page.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from apps.accounts.clients import client_for

from ..ingest import queue

QUEUE_POLL_SECONDS = 3
BLOCK = "recordings/_queue.html"
# Told to the page when a poll finds more files sent than before: the recordings table refreshes.
SENT_EVENT = "queuedUploadsSent"


@dataclass
class QueueBlock:
    """What the block shows: the rows, counted by status, and whether it keeps polling."""

    rows: list
    counts: dict = field(default_factory=dict)

    @property
    def active(self):
        return self.counts.get("queued", 0) + self.counts.get("sending", 0)

    @property
    def poll_seconds(self):
        return QUEUE_POLL_SECONDS if self.active else None

    @property
    def summary(self):
        """Return "3 queued, 1 sending, 5 sent, 1 failed" (only the statuses present)."""
        order = ("queued", "sending", "sent", "failed")
        return ", ".join(f"{self.counts[name]} {name}" for name in order if self.counts.get(name))


def queue_block(user):
    """Return the QueueBlock of `user`'s uploads (the recordings list includes it)."""
    rows = queue.shown_to(user)
    counts = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return QueueBlock(rows, counts)


@require_GET
def queued_uploads(request):
    """The block alone, for its htmx poll; the recordings page for anyone else."""
    if not request.htmx:
        return redirect("recordings:list")
    block = queue_block(request.user)
    response = render(request, BLOCK, {"queue": block})
    patch_vary_headers(response, ("HX-Request",))
    if block.counts.get("sent", 0) > _number(request.GET.get("sent")):
        trigger_client_event(response, SENT_EVENT)
    return response


@require_POST
def retry(request, upload_id):
    """Queue a failed upload of yours again, to be sent with your current key."""
    row = queue.retry(request.user, upload_id, client_for(request.user).fingerprint)
    if row is None:
        return _not_yours_or_gone(request, "It is not waiting for a retry (sent, queued or gone).")
    return _answer(request, f"{row.original_name} is queued again.")


@require_POST
def dismiss(request, upload_id):
    """Forget a failed or sent upload of yours (a failed one's staged file is deleted)."""
    row = queue.dismiss(request.user, upload_id)
    if row is None:
        return _not_yours_or_gone(request, "Only a sent or failed upload can be dismissed.")
    return _answer(request, f"{row.original_name} was removed from your uploads.")


@require_POST
def clear_sent(request):
    """Forget every sent upload of yours (they leave the list by themselves after a day)."""
    count = queue.clear_sent(request.user)
    return _answer(request, f"{count} sent upload{'s' if count != 1 else ''} cleared from the list.")


def _answer(request, message):
    """The block again (htmx), or the recordings page with the message."""
    if request.htmx:
        response = render(request, BLOCK, {"queue": queue_block(request.user), "said": message})
        patch_vary_headers(response, ("HX-Request",))
        return response
    messages.success(request, message)
    return redirect("recordings:list")


def _not_yours_or_gone(request, sentence):
    """404 for another user's upload (nothing says it exists); for one's own, say why not."""
    if not queue.owned_by(request.user, request.resolver_match.kwargs["upload_id"]):
        raise Http404("No such upload.")
    if request.htmx:
        context = {"queue": queue_block(request.user), "said": sentence}
        return render(request, BLOCK, context, status=409)
    messages.warning(request, sentence)
    return redirect("recordings:list")


def _number(value):
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 9 else 0
