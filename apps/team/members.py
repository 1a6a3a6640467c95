"""What the team page shows and the rules its actions keep (the last active admin stays one)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from apps.accounts.models import Membership
from apps.accounts.roles import LABEL, role_of
from apps.accounts.two_factor import has_second_factor

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


@dataclass(frozen=True)
class Member:
    user: object
    role: str
    role_label: str
    key_saved: bool
    key_verified_at: object
    two_factor: bool


def members():
    """Return every user as a Member row (the key's presence and check, never the key)."""
    users = get_user_model().objects.select_related("membership", "api_key").order_by(
        "-is_active", "username"
    )
    rows = []
    for user in users:
        role = role_of(user)
        stored = getattr(user, "api_key", None)
        rows.append(Member(user, role, LABEL[role], stored is not None,
                           stored.verified_at if stored is not None else None,
                           has_second_factor(user)))
    return rows


def active_admins() -> int:
    return Membership.objects.filter(role=Membership.ADMIN, user__is_active=True).count()


def is_last_admin(user) -> bool:
    """Return True when user is the only active admin (who must not be demoted or deactivated)."""
    return user.is_active and role_of(user) == Membership.ADMIN and active_admins() <= 1


def email_configured() -> bool:
    """Return True when the console sends real e-mail (MAILERS, EMAIL_HOST in README)."""
    mailers = getattr(settings, "MAILERS", {}) or {}
    backend = mailers.get("default", {}).get("BACKEND", "")
    return bool(backend) and backend != CONSOLE_MAIL


def absolute(request, path: str) -> str:
    base = settings.CONSOLE_PUBLIC_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def mail_link(subject: str, text: str, link: str, to: str) -> bool:
    """E-mail `link` to `to` when e-mail is configured; return whether it was sent."""
    if not email_configured():
        return False
    try:
        send_mail(subject, f"{text}\n\n{link}\n", None, [to])
    except OSError:
        return False
    return True
