"""Re-encrypt every stored API key with the first FIELD_ENCRYPTION_KEYS entry."""

from cryptography.fernet import InvalidToken
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts import crypto
from apps.accounts.models import ApiKey
from apps.audit.recorder import record


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored API key with the first FIELD_ENCRYPTION_KEYS entry, so older "
        "entries can then be removed from the setting."
    )

    def handle(self, *args, **options):
        rotated = []
        # All or nothing: a key no entry can open stops the run before anything is rewritten.
        with transaction.atomic():
            keys = ApiKey.objects.select_for_update()
            for stored in keys.only("pk", "user_id", "ciphertext", "last_four"):
                try:
                    stored.ciphertext = crypto.rotate(stored.ciphertext)
                except InvalidToken:
                    raise CommandError(
                        f"The API key of user {stored.user_id} cannot be decrypted with any "
                        "FIELD_ENCRYPTION_KEYS entry; nothing was re-encrypted."
                    ) from None
                stored.save(update_fields=["ciphertext"])
                rotated.append(stored)
            audit(rotated)
        count = len(rotated)
        noun = "API key" if count == 1 else "API keys"
        self.stdout.write(f"Re-encrypted {count} {noun} with the first encryption key.")


def audit(rotated):
    """Record one api_key.rotate event per re-encrypted key, in its owner's trail."""
    owners = get_user_model().objects.in_bulk([stored.user_id for stored in rotated])
    for stored in rotated:
        record(
            owners.get(stored.user_id),
            "api_key.rotate",
            resource_type="api_key",
            resource_id=stored.masked,
            detail={"by": "rotate_api_keys"},
        )
