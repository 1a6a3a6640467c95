"""Who is signed in where: recorded at sign-in and on each session renewal (sessions.py), listed on
the sessions page, and ended one by one or all at once (deactivating a member ends them all)."""

import re

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone
from importlib import import_module

from apps.accounts.models import SignedInSession
from apps.audit.addresses import client_address, valid_address


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def remember(request, user) -> None:
    """Record the request's session as one of user's (at sign-in)."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    SignedInSession.objects.update_or_create(session_key=key, defaults={
        "user": user, "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        "ip_address": valid_address(client_address(request.META)),
        "last_seen": timezone.now(),
    })


def seen(request) -> None:
    """Note that the request's session is in use now (on renewal)."""
    key = request.session.session_key
    if key:
        SignedInSession.objects.filter(session_key=key).update(
            last_seen=timezone.now(), ip_address=valid_address(client_address(request.META))
        )


def end(row: SignedInSession) -> None:
    """End one session: its data is deleted, so its cookie signs in no one any more."""
    _store()(session_key=row.session_key).delete()
    row.delete()


def end_all(user, keep: str | None = None) -> int:
    """End every session of user but the one keyed `keep` (turning two-factor on keeps the
    current one), those signed in before sessions were recorded too."""
    rows = list(SignedInSession.objects.filter(user=user).exclude(session_key=keep or ""))
    for row in rows:
        end(row)
    ended = len(rows)
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(
            session_key=keep or "")
        for session in live.iterator():
            if session.get_decoded().get(SESSION_KEY) == str(user.pk):
                session.delete()
                ended += 1
    return ended


BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
SYSTEMS = (("Windows", "Windows"), ("iPhone", "iPhone"), ("iPad", "iPad"),
           ("Android", "Android"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
           ("Linux", "Linux"))


def device(user_agent: str) -> str:
    """Return "Browser on system" from a user agent (or "Unknown device")."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if "HeadlessChrome" in user_agent:
        browser = "Headless Chrome"
    if not browser and not system:
        return "Unknown device" if not user_agent else re.split(r"[ /]", user_agent)[0][:40]
    return " on ".join(part for part in (browser, system) if part)
