"""Invitations to the team: a one-time link (only its hash is kept), expiring, revocable."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.accounts.models import Membership


def token_hash(token: str) -> str:
    """Return the stored form of an invitation token (the token itself is never kept)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation to join as `role`; the link is usable once, until `expires_at`."""

    PENDING, ACCEPTED, REVOKED, EXPIRED = "pending", "accepted", "revoked", "expired"

    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.ROLES, default=Membership.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"invitation of {self.email} ({self.state})"

    @classmethod
    def issue(cls, email, role, invited_by) -> tuple["Invitation", str]:
        """Return a new invitation and its token (shown or e-mailed once, never stored)."""
        token = secrets.token_urlsafe(32)
        age = timedelta(seconds=settings.TEAM_INVITATION_MAX_AGE)
        invitation = cls.objects.create(
            email=email, role=role, invited_by=invited_by, token_hash=token_hash(token),
            expires_at=timezone.now() + age,
        )
        return invitation, token

    @classmethod
    def for_token(cls, token: str) -> "Invitation | None":
        return cls.objects.filter(token_hash=token_hash(token)).first()

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.ACCEPTED
        if self.revoked_at:
            return self.REVOKED
        if self.expires_at <= timezone.now():
            return self.EXPIRED
        return self.PENDING
