"""The one secret the console keeps per user: their IdentityCall API key, encrypted at rest."""

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from apps.accounts import crypto


class KeyDecryptionError(InvalidToken):
    """A stored API key that none of FIELD_ENCRYPTION_KEYS can decrypt."""

    def __init__(self):
        super().__init__(
            "The stored API key cannot be decrypted with any FIELD_ENCRYPTION_KEYS entry "
            "(the encryption keys changed without `manage.py rotate_api_keys`)."
        )


class ApiKey(models.Model):
    """A user's IdentityCall API key: a MultiFernet token plus what is safe to show."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_key"
    )
    # Never the plaintext: a MultiFernet token from apps.accounts.crypto.
    ciphertext = models.TextField(editable=False)
    last_four = models.CharField(max_length=4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    projects_seen = models.PositiveIntegerField(default=0)
    # The client's `fingerprint` of (base URL, key): names what is known of the key's permissions
    # (KeyPermissions) without the key; "" for a key saved before it was kept (filled on first use).
    fingerprint = models.CharField(max_length=64, blank=True, default="", db_index=True,
                                   editable=False)

    class Meta:
        verbose_name = "API key"
        verbose_name_plural = "API keys"

    def __str__(self):
        return f"{self.masked} ({self.user})"

    @property
    def masked(self) -> str:
        """Return the key as shown anywhere: the prefix and its last four characters."""
        return f"idc_…{self.last_four}"

    @classmethod
    @sensitive_variables("plaintext")
    def store(cls, user, plaintext: str, projects_seen: int, fingerprint: str = "") -> "ApiKey":
        """Return the user's key row, created or replaced, holding plaintext encrypted."""
        key, _ = cls.objects.update_or_create(
            user=user,
            defaults={
                "ciphertext": crypto.encrypt(plaintext),
                "last_four": plaintext[-4:],
                "verified_at": timezone.now(),
                "projects_seen": projects_seen,
                "fingerprint": fingerprint,
            },
        )
        return key

    def reveal(self) -> str:
        """Return the plaintext key; raise KeyDecryptionError when no configured key opens it."""
        try:
            return crypto.decrypt(self.ciphertext)
        except InvalidToken as exc:
            raise KeyDecryptionError from exc

    def mark_verified(self, projects_seen: int) -> None:
        """Record a successful check against IdentityCall made just now."""
        self.verified_at = timezone.now()
        self.projects_seen = projects_seen
        self.save(update_fields=["verified_at", "projects_seen", "updated_at"])


class KeyPermissions(models.Model):
    """What the console knows a key may do, named by the key's fingerprint (never the key).

    Each flag is True (known allowed), False (known refused) or None (unknown: the console then
    offers the action and learns from IdentityCall's answer). Learnt when the key is saved
    (apps/accounts/key_probe.py) and from every refusal after (apps/accounts/key_access.py); a
    new key has a new fingerprint, so nothing learnt about the previous one applies to it.
    """

    fingerprint = models.CharField(max_length=64, primary_key=True)
    can_read = models.BooleanField(null=True)
    can_write = models.BooleanField(null=True)
    can_delete = models.BooleanField(null=True)
    scoped = models.BooleanField(null=True)  # True: bound to one project; False: account-wide
    scope_project_id = models.BigIntegerField(null=True, blank=True)
    scope_project_name = models.CharField(max_length=300, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "API key permissions"
        verbose_name_plural = "API key permissions"

    def __str__(self):
        return f"permissions of key {self.fingerprint[:8]}…"


@sensitive_variables("plaintext")
def save_api_key(user, plaintext: str, projects_seen: int, fingerprint: str = "") -> ApiKey:
    """Return the user's stored key after saving plaintext encrypted (callers verify it first)."""
    if not fingerprint:
        from apps.accounts.clients import client_for_key  # clients imports nothing of models

        fingerprint = client_for_key(plaintext).fingerprint
    return ApiKey.store(user, plaintext, projects_seen, fingerprint)


class Membership(models.Model):
    """A user's role in the team (apps/accounts/roles.py): what the console lets them do, on top
    of what their IdentityCall key allows. Enforced for every URL by RoleRequiredMiddleware."""

    VIEWER, MEMBER, ADMIN = "viewer", "member", "admin"
    ROLES = [(VIEWER, "Viewer"), (MEMBER, "Member"), (ADMIN, "Admin")]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=10, choices=ROLES, default=MEMBER)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class SignedInSession(models.Model):
    """One signed-in browser session of a user, for the sessions page (never the cookie's value
    shown: the key only names the session to end). Recorded at sign-in, seen again on renewal."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self):
        return f"session of {self.user} seen {self.last_seen:%Y-%m-%d %H:%M}"
