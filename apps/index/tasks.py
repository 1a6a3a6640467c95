"""The index's background work (settings.PERIODIC_TASKS, every INDEX_TICK_SECONDS while
INDEX_ENABLED): each tick takes every key's sync as far as its budget allows and returns at once
(sync.py). Safe to run twice: every step starts from the SyncState cursor it saved."""

import logging

from django.contrib.auth import get_user_model
from django.tasks import task

from apps.accounts.clients import MissingApiKey, client_for
from apps.accounts.models import KeyDecryptionError

from . import sync
from .models import IndexedProject, IndexedRecording, SyncState

logger = logging.getLogger(__name__)


def current_keys():
    """Return {fingerprint: (user, client)}: one user for every key saved now."""
    keys = {}
    users = get_user_model().objects.filter(is_active=True, api_key__isnull=False).order_by("pk")
    for user in users:
        try:
            client = client_for(user)
        except MissingApiKey:
            continue
        except KeyDecryptionError:
            logger.error("Stored API key of user %s cannot be decrypted; not indexed", user.pk)
            continue
        keys.setdefault(client.fingerprint, (user, client))
    return keys


@task
def sync_indexes():
    """Advance every current key's sync; forget the index of keys no user holds any more.
    Return counts for the task's result."""
    keys = current_keys()
    forgotten = forget_except(keys)
    sent = 0
    for fingerprint, (user, client) in keys.items():
        state, _ = SyncState.objects.get_or_create(
            key_fingerprint=fingerprint, defaults={"user": user}
        )
        sent += sync.advance(state, client)
    return {"keys": len(keys), "requests": sent, "forgotten": forgotten}


def forget_except(keys):
    """Delete the rows synced by keys that no user holds now (a replaced or removed key):
    nobody can see them, and the index keeps nothing nobody can see."""
    gone = SyncState.objects.exclude(key_fingerprint__in=list(keys))
    fingerprints = list(gone.values_list("key_fingerprint", flat=True))
    if not fingerprints:
        return 0
    count, _ = IndexedRecording.objects.filter(key_fingerprint__in=fingerprints).delete()
    IndexedProject.objects.filter(key_fingerprint__in=fingerprints).delete()
    gone.delete()
    return count
