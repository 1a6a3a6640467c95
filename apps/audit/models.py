"""The audit trail: one row per write the console performed, with its outcome and no secrets."""

from django.conf import settings
from django.db import models
from django.utils import timezone

# Every action the console records, in the words the activity page uses, grouped by what it acts on.
ACTIONS = {
    "recording": {
        "recording.upload": "Uploaded recording",
        "recording.rename": "Renamed recording",
        "recording.update": "Changed recording",
        "recording.delete": "Deleted recording",
    },
    "project": {
        "project.create": "Created project",
        "project.update": "Changed project",
        "project.delete": "Deleted project",
    },
    "operator": {
        "operator.create": "Created operator",
        "operator.update": "Changed operator",
        "operator.delete": "Deleted operator",
    },
    "number": {
        "number.purchase": "Bought number",
        "number.update": "Changed number settings",
        "number.add_operator": "Attached operator to number",
        "number.remove_operator": "Detached operator from number",
    },
    "api_key": {
        "api_key.save": "Saved API key",
        "api_key.replace": "Replaced API key",
        "api_key.remove": "Removed API key",
        "api_key.rotate": "Re-encrypted API key",
    },
    "account": {
        "account.password_change": "Changed password",
        "account.session_end": "Ended a session",
        "account.2fa_enrol": "Turned on two-factor sign-in",
        "account.2fa_codes": "Made new recovery codes",
        "account.2fa_disable": "Turned off two-factor sign-in",
    },
    "team": {
        "team.invite": "Invited a member",
        "team.invite_revoke": "Revoked an invitation",
        "team.invite_accept": "Joined by invitation",
        "team.role": "Changed a member's role",
        "team.deactivate": "Deactivated a member",
        "team.reactivate": "Reactivated a member",
        "team.password_reset": "Sent a password-reset link",
        "team.sessions_end": "Ended a member's sessions",
        "team.2fa_reset": "Reset a member's second factor",
    },
}
ACTION_LABELS = {action: label for group in ACTIONS.values() for action, label in group.items()}
RESOURCE_LABELS = {
    "recording": "Recordings",
    "project": "Projects",
    "operator": "Operators",
    "number": "Numbers",
    "api_key": "API key",
    "account": "Account",
    "team": "Team",
}

# Errors after which the write may or may not have been applied upstream, for events recorded
# before each error said so itself (detail["outcome_unknown"]).
UNCERTAIN_ERRORS = {
    "UpstreamTimeout": "no answer in time",
    "InvalidResponseError": "unreadable answer",
}


class AuditEvent(models.Model):
    """One write: who, when, what (resource type and id), the outcome, never a body or a key."""

    # SET_NULL plus a copy of the username: the trail outlives the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=40, choices=sorted(ACTION_LABELS.items()))
    resource_type = models.CharField(max_length=20)
    resource_id = models.CharField(max_length=100, blank=True)
    # The upstream HTTP status; null for a console-only change or when no answer arrived.
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    # The IdentityCallError class name when the write failed ("" when it succeeded).
    error = models.CharField(max_length=60, blank=True)
    # Non-secret facts: changed field names, a file name and size, a phone number, a masked key.
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="audit_user_recent")]
        verbose_name = "audit event"

    def __str__(self):
        return f"{self.username or 'someone'}: {self.action} {self.resource_id}".strip()

    @property
    def replayed_upload(self) -> bool:
        """Return True for an upload IdentityCall answered 200: it already had that external_id,
        so nothing was stored (docs/api-decisions.md, "Upload fields")."""
        return self.action == "recording.upload" and self.status == 200 and not self.error

    @property
    def label(self) -> str:
        """Return the action in words ("Uploaded recording")."""
        if self.replayed_upload:
            return "Upload of a recording already uploaded"
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def outcome(self) -> str:
        """Return "succeeded", "uncertain" (it may have been applied) or "failed"."""
        said = (self.detail or {}).get("outcome_unknown")
        if said or (said is None and self.error in UNCERTAIN_ERRORS):
            return "uncertain"
        if self.error or (self.status is not None and not 200 <= self.status < 300):
            return "failed"
        return "succeeded"

    @property
    def outcome_text(self) -> str:
        """Return the outcome in words, with the status or what went wrong."""
        if self.outcome == "succeeded":
            return "Already uploaded: not stored again" if self.replayed_upload else "Succeeded"
        if self.outcome == "uncertain":
            return f"Unknown: {self._uncertain_why()}"
        if self.status is not None:
            return f"Failed ({self.status})"
        return "Failed: unreachable" if self.error == "TransportError" else "Failed"

    def _uncertain_why(self) -> str:
        """Return why a write's outcome is unknown, in a few words."""
        if self.error in UNCERTAIN_ERRORS:
            return UNCERTAIN_ERRORS[self.error]
        if self.status is not None:
            return f"IdentityCall answered {self.status}"
        return "connection lost after sending"
