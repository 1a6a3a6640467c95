"""Who sees which indexed rows: a user sees a row only when it was synced with their CURRENT
key (docs/architecture.md, "The index"). Keys of different IdentityCall accounts can hold the same
integer project and recording ids, so neither is proof of access; the fingerprint (a hash of the
base URL and the key) is. A replaced or removed key has another fingerprint, or none: access ends
on the next request, before its own sync has read anything. Never wider than the API: every row
is something that very key listed."""

from apps.accounts.clients import MissingApiKey, client_for

from .models import IndexedProject, IndexedRecording, SyncState


def fingerprint_of(user):
    """Return the fingerprint of the user's current key, or None without one."""
    try:
        return client_for(user).fingerprint
    except MissingApiKey:
        return None


def project_choices(fingerprint, visible):
    """Return [(id, name)] of the projects the key's indexed rows are in, named as the key's
    project list named them at its last walk (else "Project <id>")."""
    names = dict(
        IndexedProject.objects.filter(key_fingerprint=fingerprint).values_list("project_id", "name")
    )
    ids = visible.exclude(project_id=None).values_list("project_id", flat=True).distinct()
    return sorted(
        ((pid, names.get(pid) or f"Project {pid}") for pid in ids), key=lambda c: c[1].lower()
    )


def visible_recordings(fingerprint):
    """Return the indexed recordings a key with this fingerprint may see."""
    if not fingerprint:
        return IndexedRecording.objects.none()
    return IndexedRecording.objects.filter(key_fingerprint=fingerprint)


def state_of(fingerprint):
    """Return the key's SyncState, or None before its first sync was planned."""
    if not fingerprint:
        return None
    return SyncState.objects.filter(key_fingerprint=fingerprint).first()
