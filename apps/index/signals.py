"""Deletions seen by the console leave the index at once: when the activity trail records a
recording deleted through the console (apps.audit), the deleting user's key's row of it goes.
Other keys' rows of the same recording go at their next sync (their detail page answers 404)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.accounts.models import KeyDecryptionError
from apps.audit.models import AuditEvent

from .models import IndexedRecording
from .visibility import fingerprint_of


@receiver(post_save, sender=AuditEvent, dispatch_uid="insights-drop-deleted")
def drop_deleted(sender, instance, created, **kwargs):
    if not created or instance.action != "recording.delete" or instance.error:
        return
    if instance.user is None or not instance.resource_id:
        return
    try:
        fingerprint = fingerprint_of(instance.user)
    except KeyDecryptionError:
        return
    if fingerprint:
        IndexedRecording.objects.filter(
            key_fingerprint=fingerprint, ref=instance.resource_id
        ).delete()
