"""Speaker names users gave on a recording: read for a recording a key has just read, saved with
an entry in the activity trail.

Every function takes the recording as IdentityCall just answered it to the person's key: the names
are found through that recording's identity, so a person sees them only for recordings their key
can read (docs/api-decisions.md, "Speaker names").
"""

from django.db import transaction

from apps.audit.recorder import record

from .models import SpeakerName
from .speakers import clean_name


def recording_identity(recording):
    """Return the key naming `recording` in SpeakerName: its public_id, else id@created_at."""
    if recording.public_id:
        return recording.public_id.lower()
    created = recording.created_at.isoformat() if recording.created_at else ""
    return f"{recording.id}@{created}"


def saved_names(recording):
    """Return {speaker key: name} users gave on `recording` (one query)."""
    rows = SpeakerName.objects.filter(recording_key=recording_identity(recording))
    return dict(rows.values_list("speaker_key", "name"))


def names_token(names):
    """Return `names` as a small hashable value, kept with the analysis it was drawn with."""
    return tuple(sorted(names.items()))


def save_names(user, recording, identities, typed):
    """Save the names `typed` ({speaker key: text}) for the speakers in `identities`; a blank
    name goes back to IdentityCall's. Return the number of speakers whose name changed; each
    change is recorded in the user's activity trail."""
    key = recording_identity(recording)
    changed = []
    with transaction.atomic():
        current = dict(SpeakerName.objects.select_for_update().filter(recording_key=key)
                       .values_list("speaker_key", "name"))
        for speaker, identity in identities.items():
            if speaker not in typed:
                continue
            name = clean_name(typed[speaker])
            if name == current.get(speaker, ""):
                continue
            if name:
                SpeakerName.objects.update_or_create(
                    recording_key=key, speaker_key=speaker,
                    defaults={"name": name, "updated_by": user if user.pk else None,
                              "known_as": known_as(identity)})
            else:
                SpeakerName.objects.filter(recording_key=key, speaker_key=speaker).delete()
            changed.append((identity, name))
    for identity, name in changed:
        _record(user, recording, identity, name)
    return len(changed)


def known_as(identity):
    """Return the names IdentityCall gives the speaker `identity` (label, voice profile, summary)."""
    names = (identity.label, identity.profile, identity.from_summary)
    return list(dict.fromkeys(name for name in names if name))


def _record(user, recording, identity, name):
    """Record one speaker's new name in the activity trail (a console-only change: no status)."""
    who = identity.label or identity.profile or "A speaker"
    now = name or "IdentityCall's name"
    record(user, "recording.update", resource_type="recording", resource_id=recording.ref,
           detail={"fields": ["speaker_name"], "name": f"{who} → {now}"})


def saved_names_for(recordings):
    """Return {recording identity: {speaker key: name}} for `recordings` (one query): the names
    users gave, for a page of the list whose recordings the key has just read. Each name is also
    keyed "alias:<what IdentityCall calls the speaker>" (casefolded), which is all the list has."""
    keys = {recording_identity(recording) for recording in recordings}
    names = {}
    rows = SpeakerName.objects.filter(recording_key__in=keys).values_list(
        "recording_key", "speaker_key", "name", "known_as")
    for key, speaker, name, aliases in rows:
        mine = names.setdefault(key, {})
        mine[speaker] = name
        for alias in aliases or ():
            mine.setdefault(f"alias:{str(alias).casefold()}", name)
    return names
