"""The home page (counts of everything the key reaches) and the health probe."""

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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


@require_GET
def home(request):
    cards = fetch_cards(client_for(request.user))
    context = {"resource_cards": cards[:3], "recording_cards": cards[3:]}
    return render(request, "dashboard/home.html", context)


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
