"""How much is indexed and how fresh, said on every page built on the index."""

from dataclasses import dataclass

from django.conf import settings

from .models import SyncState


@dataclass(frozen=True)
class Freshness:
    enabled: bool
    indexed: int  # recordings of this key in the index
    total: int | None  # what IdentityCall's list counted at the last walk
    synced_at: object = None
    syncing: bool = False
    requested: bool = False
    problem: str = ""


def freshness_of(fingerprint, visible):
    """Return the Freshness of one key's index (`visible`: its rows)."""
    state = SyncState.objects.filter(key_fingerprint=fingerprint).first() if fingerprint else None
    return Freshness(
        enabled=settings.INDEX_ENABLED,
        indexed=visible.count(),
        total=state.upstream_total if state else None,
        synced_at=state.synced_at if state else None,
        syncing=bool(state and state.phase != SyncState.Phase.IDLE),
        requested=bool(state and state.requested_at),
        problem=state.problem if state else "",
    )


def request_sync(fingerprint, user, now):
    """Ask for a new walk of the key's recordings at the next tick (never waits for it)."""
    state, _ = SyncState.objects.get_or_create(key_fingerprint=fingerprint, defaults={"user": user})
    if state.phase == SyncState.Phase.IDLE:
        SyncState.objects.filter(pk=state.pk).update(requested_at=now, user=user)
