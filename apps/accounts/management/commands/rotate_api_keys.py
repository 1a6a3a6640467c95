"""Re-encrypt every stored API key with the first FIELD_ENCRYPTION_KEYS entry."""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts import crypto
from apps.accounts.models import ApiKey


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored API key with the first FIELD_ENCRYPTION_KEYS entry, so older "
        "entries can then be removed from the setting."
    )

    def handle(self, *args, **options):
        count = 0
        # All or nothing: a key no entry can open stops the run before anything is rewritten.
        with transaction.atomic():
            for stored in ApiKey.objects.select_for_update().only("pk", "user_id", "ciphertext"):
                try:
                    stored.ciphertext = crypto.rotate(stored.ciphertext)
                except InvalidToken:
                    raise CommandError(
                        f"The API key of user {stored.user_id} cannot be decrypted with any "
                        "FIELD_ENCRYPTION_KEYS entry; nothing was re-encrypted."
                    ) from None
                stored.save(update_fields=["ciphertext"])
                count += 1
        noun = "API key" if count == 1 else "API keys"
        self.stdout.write(f"Re-encrypted {count} {noun} with the first encryption key.")
