"""Syncing one key's recordings into the index (docs/architecture.md, "The index").

A sync walks IdentityCall's recordings list page by page (100 a page, one request each), noting
every recording's metadata and which completed ones are new or changed (`updated_at`), then reads
the analysis of each of those (transcription, results, summary: three requests). Rows the walk did
not see were deleted upstream and drop out when it reaches the list's end. The SyncState row is
the cursor: every step saves where the sync stands, so a restarted worker resumes there.

`advance(state, client)` spends only what the key's budget (budget.py) holds right now and
returns; it never sleeps. A 429 pauses every task of that key (apps.jobs.ratelimit) for
Retry-After; any other failure is noted and the next tick tries again from the cursor.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.frame.errors import describe_error
from apps.identitycall import errors
from apps.jobs import ratelimit

from . import budget, store
from .models import IndexedRecording, SyncState

logger = logging.getLogger(__name__)
PER_PAGE = 100  # the most IdentityCall's list gives in one call
MAX_STEPS = 50  # per tick and key: a tick never runs long whatever the budget


def due(state, now):
    """Whether a new walk should start: asked for, never done, or older than the interval."""
    if state.requested_at is not None or state.synced_at is None:
        return True
    return state.synced_at < now - timedelta(seconds=settings.INDEX_SYNC_INTERVAL_SECONDS)


def advance(state, client, now=None):
    """Take the key's sync as far as its budget allows now; return the requests made."""
    now = now or timezone.now()
    fingerprint = state.key_fingerprint
    if ratelimit.paused_for(fingerprint) > 0:
        return 0
    if state.phase == SyncState.Phase.IDLE:
        if not due(state, now):
            return 0
        start(state, now)
    sent = 0
    try:
        for _ in range(MAX_STEPS):
            if state.phase == SyncState.Phase.IDLE:
                break
            cost = list_cost(state) if state.phase == SyncState.Phase.LISTING else budget.BURST
            if budget.take(fingerprint, cost) > 0:
                break
            sent += cost
            step(state, client)
    except errors.RateLimitError as exc:
        ratelimit.pause(fingerprint, exc.wait_seconds)
        note_problem(state, f"Paused {exc.wait_seconds} s: IdentityCall's rate limit was reached.")
    except errors.IdentityCallError as exc:
        logger.info("Index sync stopped for now: %s", type(exc).__name__)
        note_problem(state, f"{describe_error(exc)} The sync tries again shortly.")
    return sent


def start(state, now):
    state.generation += 1
    state.phase = SyncState.Phase.LISTING
    state.next_page = 1
    state.started_at = now
    state.requested_at = None
    state.problem = ""
    state.save()


def note_problem(state, text):
    SyncState.objects.filter(pk=state.pk).update(problem=text[:255])


def step(state, client):
    """One unit of work: a list page, or one recording's analysis."""
    if state.phase == SyncState.Phase.LISTING:
        list_page(state, client)
    else:
        analyse_next(state, client)


def list_cost(state):
    """A list page is one request; the first page of a walk also reads the project list."""
    return 2 if state.next_page == 1 else 1


def list_page(state, client):
    projects = client.list_projects() if state.next_page == 1 else None
    page = client.list_recordings(page=state.next_page, per_page=PER_PAGE)
    with transaction.atomic():
        if projects is not None:
            store.note_projects(state.key_fingerprint, projects)
        store.note_listed(state.key_fingerprint, page.items, state.generation)
        state.upstream_total = page.total_count
        if page.has_next and page.items:
            state.next_page += 1
        else:
            # The walk saw every recording the key can read: the rest were deleted upstream.
            rows(state).filter(seen_generation__lt=state.generation).delete()
            state.phase = SyncState.Phase.FETCHING
        state.problem = ""
        state.save()


def analyse_next(state, client):
    row = rows(state).filter(needs_analysis=True).order_by("-created_at", "id").first()
    if row is None:
        state.phase = SyncState.Phase.IDLE
        state.synced_at = timezone.now()
        state.problem = ""
        state.save()
        return
    try:
        analysis = (
            client.get_transcription(row.ref),
            client.get_results(row.ref),
            client.get_summary(row.ref),
        )
    except errors.NotFoundError:
        row.delete()  # deleted (or moved out of the key's reach) since the list was read
        return
    except (
        errors.ValidationError, errors.ConflictError, errors.InvalidResponseError,
        errors.PermissionDeniedError,
    ):
        # Not available after all (IdentityCall docs gap: 422 before `completed`), or not
        # readable: metadata only, read again when its updated_at changes, never blocking the rest.
        IndexedRecording.objects.filter(pk=row.pk).update(needs_analysis=False)
        return
    store.save_analysis(row, *analysis)


def rows(state):
    return IndexedRecording.objects.filter(key_fingerprint=state.key_fingerprint)
