"""What a user is told about work that finished while they were away (a recording they uploaded
completed or failed), and whether they also want it by e-mail (docs/architecture.md,
"Background work")."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One thing to tell one user; unread until they look at their notifications."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, help_text="a console path, e.g. /recordings/<id>/")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the e-mail is claimed for sending, so a task run twice never mails twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The bell counts a user's unread ones on every page: one indexed COUNT.
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def link(self):
        """Return the console path to follow, or '' for anything that is not a path on this site."""
        url = self.url or ""
        return url if url.startswith("/") and not url.startswith(("//", "/\\")) else ""


class NotificationSettings(models.Model):
    """A user's choices about notifications (only e-mail for now; in-console ones are always on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_when_done = models.BooleanField(
        default=False, help_text="also e-mail the user when a recording they uploaded finishes"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"{self.user} ({'e-mail' if self.email_when_done else 'in console only'})"
