"""One-time purchase tokens: the console's own memory of which confirmations were already used."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PurchaseToken(models.Model):
    """A confirmation page's right to buy one number once; see purchase_tokens.py."""

    UNCERTAIN = "uncertain"  # IdentityCall did not answer: the number may or may not be bought

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="purchase_tokens"
    )
    phone_number = models.CharField(max_length=32)
    # The offer as shown on the confirmation (AvailableNumber fields); the purchase sends these,
    # never values from the form, so what is bought is what was confirmed.
    offer = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a POST claims the token, before IdentityCall is called; cleared on a refusal.
    used_at = models.DateTimeField(null=True, blank=True)
    number_id = models.BigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=16, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "phone_number"], name="vn_token_user_phone")]

    def __str__(self):
        return f"{self.phone_number} for user {self.user_id}"
