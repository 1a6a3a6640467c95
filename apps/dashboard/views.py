"""The overview, where a day starts, and the health probe.

The overview page itself asks IdentityCall nothing: each block (my uploads, failed recordings, the
processing queue, numbers that need attention, the counts) is its own view, loaded after the page
(apps/dashboard/blocks.py reads what each shows).
"""

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.dashboard import blocks
from apps.frame import list_cache
from apps.jobs import health
from apps.identitycall import errors
from apps.identitycall.resources import total_of
from apps.accounts.clients import client_for
from apps.frame.errors import describe_error

logger = logging.getLogger(__name__)

RECORDING_STATUSES = ("pending", "processing", "completed", "failed")


@dataclass(frozen=True)
class Card:
    """One count on the home page; `count` is None when IdentityCall could not be asked."""

    label: str
    url: str
    count: int | None = None
    problem: str = ""
    status: str = ""  # a recording status, for the badge colour


def _count_recordings(status):
    """Return fetch(client) -> how many recordings have status (one item asked, total read)."""
    return lambda client: client.list_recordings(status=status, per_page=1).total_count


# (label, url name, recording status or "", fetch(client) -> int), in display order; a list
# cut short after IdentityCall's pages still counts what IdentityCall said it holds.
COUNTS = (
    # Both lists are cached per key (and forgotten by the console's writes) for other pages too.
    ("Projects", "projects:list", "", lambda client: total_of(list_cache.projects(client))),
    ("Operators", "operators:list", "", lambda client: total_of(list_cache.operators(client))),
    ("Numbers", "virtual_numbers:list", "", lambda client: total_of(client.list_virtual_numbers())),
    *(
        (status.capitalize(), "recordings:list", status, _count_recordings(status))
        for status in RECORDING_STATUSES
    ),
)


def _card_url(url_name, status):
    url = reverse(url_name)
    return f"{url}?status={status}" if status else url


def fetch_cards(client) -> list[Card]:
    """Return one Card per count, asking IdentityCall concurrently; re-raise a rejected key."""
    # Seven independent reads: in parallel the page waits for the slowest, not for the sum.
    with ThreadPoolExecutor(max_workers=len(COUNTS), thread_name_prefix="dashboard") as pool:
        futures = [pool.submit(fetch, client) for *_, fetch in COUNTS]
    cards = []
    for (label, url_name, status, _), future in zip(COUNTS, futures):
        url = _card_url(url_name, status)
        try:
            cards.append(Card(label, url, count=future.result(), status=status))
        except errors.AuthenticationError:
            raise  # the whole page is moot: the middleware explains the rejected key
        except errors.IdentityCallError as exc:
            logger.info("Dashboard card %s unavailable: %s", label, type(exc).__name__)
            cards.append(Card(label, url, problem=describe_error(exc), status=status))
    return cards


# The overview's blocks, in page order: (name, title, fallback link text). Each loads on its own
# (hx-trigger="load"), so a slow or failing upstream call holds only its own block.
BLOCKS = (
    ("uploads", "My recent uploads", "Show my recent uploads"),
    ("failed", "Failed recordings", "Show failed recordings"),
    ("queue", "Processing queue", "Show the processing queue"),
    ("numbers", "Numbers that need attention", "Show numbers that need attention"),
    ("counts", "Everything your key reaches", "Show the counts"),
)
TITLES = {name: title for name, title, _ in BLOCKS}
# While a block shows recordings still processing, it asks again this often (seconds).
POLL_SECONDS = 15


@require_GET
def home(request):
    """Return the overview's frame: no upstream call, every block fetched after the page."""
    blocks = [
        {"name": name, "title": title, "fallback": fallback, "url": reverse(f"dashboard:{name}")}
        for name, title, fallback in BLOCKS
    ]
    return render(request, "dashboard/home.html", {"blocks": blocks})


def render_block(request, name, fetch):
    """Return block `name`: its partial for htmx, else a page of its own (the no-JS fallback).

    `fetch(client)` returns the block's context; an IdentityCall failure becomes the block's own
    sentence (answered 200, so the page swaps it in), except a rejected key, which the middleware
    explains for the whole console.
    """
    try:
        context = fetch(client_for(request.user))
    except errors.AuthenticationError:
        raise
    except errors.IdentityCallError as exc:
        logger.info("Overview block %s unavailable: %s", name, type(exc).__name__)
        context = {"problem": describe_error(exc)}
    context.update(
        name=name, title=TITLES[name], url=request.path, poll_seconds=POLL_SECONDS,
        block_template=f"dashboard/_{name}.html",
    )
    template = context["block_template"] if request.htmx else "dashboard/block.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def counts(request):
    def fetch(client):
        cards = fetch_cards(client)
        return {"resource_cards": cards[:3], "recording_cards": cards[3:]}

    return render_block(request, "counts", fetch)


@require_GET
def uploads(request):
    def fetch(client):
        return blocks.fetch_uploads(request.user, client, describe_error)

    return render_block(request, "uploads", fetch)


@require_GET
def failed(request):
    return render_block(request, "failed", blocks.fetch_failed)


@require_GET
def queue(request):
    return render_block(request, "queue", blocks.fetch_queue)


@require_GET
def numbers(request):
    return render_block(request, "numbers", blocks.fetch_numbers)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Return 200 when the database answers and every migration is applied, else 503; say how
    background work is doing (worker heartbeat age, queue depth). Never calls IdentityCall."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        pending = health.migrations_pending()
        work = health.status()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    if pending:
        return JsonResponse({"status": "error", "migrations": "unapplied"}, status=503)
    return JsonResponse({"status": "ok", **work})
