"""Telling a user something: a notification in the console (the bell in the header counts the
unread ones) and, when they opted in, an e-mail sent by a task after the notification is saved.

Other apps call `notify`; they never write Notification rows themselves.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Notification, NotificationSettings


def notify(user, *, title, body, url, outcome):
    """Save a notification for `user` and, when they want e-mail, queue its e-mail; return it.

    The e-mail task is enqueued in the same transaction as the notification, so with the
    database queue (settings.TASKS) neither exists without the other.
    """
    from .tasks import send_notification_email  # the task module imports this one

    with transaction.atomic():
        note = Notification.objects.create(
            user=user, title=_one_line(title)[:300], body=body, url=url, outcome=outcome
        )
        if wants_email(user):
            send_notification_email.enqueue(note.pk)
    return note


def wants_email(user):
    """Return True when `user` opted in to e-mail and has an address to send it to."""
    if not user.email:
        return False
    return NotificationSettings.objects.filter(user=user, email_when_done=True).exists()


def poll_seconds():
    """Return how often the bell asks for its count: NOTIFICATIONS_POLL_SECONDS, default 15."""
    return getattr(settings, "NOTIFICATIONS_POLL_SECONDS", 15)


def unread_count(user):
    """Return how many of `user`'s notifications are unread (one COUNT; 0 when signed out)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, notes):
    """Mark those of `notes` (Notification rows of `user`) that are unread as read now."""
    unread = [note.pk for note in notes if note.read_at is None]
    if unread:
        Notification.objects.filter(user=user, pk__in=unread, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def _one_line(text):
    """Return text on one line: titles become e-mail subjects, where a line break is refused."""
    return " ".join(str(text).split())
