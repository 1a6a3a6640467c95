"""The speakers of a fetched recording, named once from everything IdentityCall and users said."""

from apps.recordings.speakers import identify

from .transcript import ordered_dialogues


def identities_of(fetched, renames=None):
    """Return {speaker key: Identity} of a fetched recording (apps/recordings/speakers.py): its
    dialogues, the summary's `speakers` when the summary came, and the users' `renames`."""
    transcription, summary = fetched.transcription, fetched.summary
    dialogues = ordered_dialogues(transcription.value) if transcription.ok else []
    return identify(dialogues, summary.value.speakers if summary.ok else (), renames)
