import uuid

from django.conf import settings
from django.db import models


def _audio_path(instance, filename):
    # The upstream id names the folder: one copy per recording, whoever uploaded it.
    return f"audio/{instance.recording_key}/{filename}"


class StoredAudio(models.Model):
    """The console's own copy of a file uploaded through it (IdentityCall offers no download)."""

    # IdentityCall docs gap: audio cannot be fetched back from the API, so playback needs this copy.
    recording_key = models.CharField(max_length=64, unique=True, help_text="public_id, else the id")
    recording_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=_audio_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "recordings_stored_audio"

    def __str__(self):
        return f"{self.original_name} ({self.recording_key})"


class QueuedUpload(models.Model):
    """A file that has fully reached the console and is now the console's job to send: a task
    (apps/recordings/tasks.py) relays it to IdentityCall, whether or not its tab is still open.

    Its content-derived external_id makes a second send a replay, never a duplicate, so the task
    is safe to run twice (docs/api-decisions.md, "Queued uploads").
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="queued_uploads"
    )
    # The fingerprint of the key it was queued with (never the key): a replaced key stops it.
    key_fingerprint = models.CharField(max_length=64)
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    fields = models.JSONField(default=dict, help_text="the upload form's fields, as submitted")
    staged_name = models.CharField(max_length=300, blank=True, help_text="'' once removed")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True, help_text="why it waits or failed")
    recording_id = models.BigIntegerField(null=True, blank=True)
    recording_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "recordings_queued_upload"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.original_name} ({self.status})"


class RecordingWatch(models.Model):
    """A recording uploaded through the console, followed by a periodic task until IdentityCall
    says it completed or failed; then its uploader is told (apps/recordings/watching.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recording_watches"
    )
    key_fingerprint = models.CharField(max_length=64)
    recording_key = models.CharField(max_length=64, help_text="public_id, else the id")
    recording_id = models.BigIntegerField(null=True, blank=True)
    name = models.CharField(max_length=255)
    status = models.CharField(max_length=20, blank=True, help_text="as IdentityCall last said")
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        db_table = "recordings_watch"
        constraints = [
            models.UniqueConstraint(fields=["user", "recording_key"], name="one_watch_per_user")
        ]

    def __str__(self):
        return f"{self.name} ({self.status or 'waiting'})"


class SpeakerName(models.Model):
    """A console user's name for one speaker of one recording ("Speaker 1" → "Marcus (agent)").

    IdentityCall has no way to name a speaker (docs/api-decisions.md, "Speaker names"), so the
    console keeps the name. The row is found only through a recording the person's key has just
    read (apps/recordings/renames.py), so a name is shown only to users whose key can read it.
    """

    # The recording's public_id; for a recording without one, "<id>@<created_at>": integer ids
    # of two IdentityCall accounts may be equal, their creation times are not.
    recording_key = models.CharField(max_length=100)
    speaker_key = models.CharField(max_length=200, help_text="apps.recordings.speakers.speaker_key")
    name = models.CharField(max_length=60)
    # What IdentityCall calls the speaker (label, voice profile, summary's name): the recordings
    # list names speakers only so, and finds the renamed one by it (speakers.names_from_list).
    known_as = models.JSONField(default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "recordings_speaker_name"
        constraints = [
            models.UniqueConstraint(fields=["recording_key", "speaker_key"],
                                    name="one_name_per_speaker")
        ]

    def __str__(self):
        return f"{self.speaker_key} → {self.name}"


class RetryLink(models.Model):
    """A failed recording sent again as a new one (apps/recordings/retries.py): "Retried as" on
    the failed one's page, "Retry of" on the new one's.

    Like SpeakerName, a link is found only through a recording the person's key has just read
    (its renames.recording_identity), so only users whose key reads the recording see it.
    """

    failed_key = models.CharField(max_length=100, db_index=True)
    failed_ref = models.CharField(max_length=64, help_text="the failed recording's URL ref")
    failed_name = models.CharField(max_length=255, blank=True)
    new_key = models.CharField(max_length=100, db_index=True)
    new_ref = models.CharField(max_length=64, help_text="the new recording's URL ref")
    new_name = models.CharField(max_length=255, blank=True)
    attempt = models.PositiveIntegerField(help_text="1 for the first retry of an upload")
    external_id = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "recordings_retry_link"
        constraints = [
            models.UniqueConstraint(fields=["failed_key", "new_key"], name="one_link_per_retry")
        ]

    def __str__(self):
        return f"{self.failed_ref} → {self.new_ref} (attempt {self.attempt})"
