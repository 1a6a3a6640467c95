"""The e-mail of a notification, sent by a worker (never while a person waits for a page)."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


@task
def send_notification_email(notification_id):
    """E-mail notification `notification_id` to its user, at most once; return whether it went.

    The e-mail is claimed (emailed_at) before it is sent, so a task run twice after a lost
    worker never mails twice; a failed send is logged, not retried.
    """
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return False
    claimed = Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        send_mail(note.title, email_text(note), None, [note.user.email])
    except (smtplib.SMTPException, OSError) as exc:
        # Neither the address nor the server's answer: a log line names the notification only.
        logger.warning("E-mail of notification %s not sent: %s", note.pk, type(exc).__name__)
        return False
    return True


def email_text(note):
    """Return the plain-text body of a notification's e-mail (links absolute when the console's
    public address is set: CONSOLE_PUBLIC_URL)."""
    base = settings.CONSOLE_PUBLIC_URL.rstrip("/")
    lines = [f"Hello {note.user.get_username()},", "", note.title + ".", ""]
    if note.body:
        lines += [note.body, ""]
    if note.link:
        lines += [f"Open it in the IdentityCall Console: {base}{note.link}", ""]
    lines += [
        "You get this e-mail because you asked to be told when a recording you uploaded "
        "finishes. Turn it off under Notifications in the console"
        + (f": {base}{reverse('notifications:list')}" if base else "."),
    ]
    return "\n".join(lines)
