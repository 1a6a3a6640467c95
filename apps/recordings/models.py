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
