"""Two-factor sign-in (TOTP, with one-time recovery codes), on django-otp.

A user with a confirmed device signs in with password, then a code: until the code is given
(django_otp's OTPMiddleware says `user.is_verified()`), SecondFactorMiddleware sends every page to
the verify step. REQUIRE_2FA_FOR_ADMINS sends an admin without a device to enrol first. Wrong codes
count against apps/accounts/throttle.py's counters like wrong passwords (a counter of its own per
user, the address's shared with sign-in).
"""

import secrets
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import throttle
from apps.accounts.models import Membership
from apps.accounts.roles import role_of
from apps.audit.addresses import client_address

RECOVERY_CODES = 10
# Reachable before the second step: assets, the emulator's API (its own bearer keys), the probe.
OPEN_PREFIXES = ("/static/", "/sandbox/", "/healthz")
NO_DEVICE = "_second_factor_none"  # the session's user had no device when last looked at
VERIFY, ENROL, LOGOUT = "accounts:two_factor_verify", "accounts:two_factor", "accounts:logout"


def _counter_name(user) -> str:
    return f"second-factor:{user.pk}"


def pending_device(user) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device (created on first visit), to enrol."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app",
                                               confirmed=False)


def qr_svg(device) -> str:
    """Return the enrolment QR code as inline SVG (no script, no style attribute: CSP)."""
    return segno.make(device.config_url, micro=False).svg_inline(scale=5, light="#fff", title="QR code")


def secret_text(device) -> str:
    """Return the secret for typing into an app (base32, in groups of four)."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def confirm(request, device, code: str) -> list[str] | None:
    """Confirm enrolment with a code; return the new recovery codes (None: the code is wrong)."""
    if not device.verify_token(code.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    codes = new_recovery_codes(request.user)
    otp_login(request, device)
    return codes


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones, each usable once; return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    # Shown as "1a2b3c4d-5e6f7a8b"; kept without the hyphen, since django-otp's StaticToken holds
    # at most 16 characters (PostgreSQL enforces it), and typed either way (check() drops it).
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    for code in codes:
        device.token_set.create(token=code.replace("-", ""))
    return codes


def blocked_for(request) -> int:
    return throttle.seconds_blocked(_counter_name(request.user), _address(request))


def verify(request, code: str) -> bool:
    """Check a code (TOTP or recovery) and mark the session verified; count a failure."""
    device = check(request, code)
    if device is not None:
        otp_login(request, device)
    return device is not None


def check(request, code: str, totp_only: bool = False):
    """Return the device a code (TOTP, or a recovery code unless totp_only) belongs to, using it
    up; None when wrong, counted against the same throttle as the code step."""
    token = code.strip().replace(" ", "").replace("-", "").lower() if code else ""
    if totp_only:
        device = next((d for d in TOTPDevice.objects.filter(user=request.user, confirmed=True)
                       if token and d.verify_token(token)), None)
    else:
        device = match_token(request.user, token) if token else None
    if device is None:
        note_failure(request)
        return None
    throttle.note_success(_counter_name(request.user))
    return device


def note_failure(request) -> None:
    """Count a wrong code (or a wrong password on a two-factor page) against the code step's limit."""
    throttle.note_failure(_counter_name(request.user), _address(request))


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _address(request):
    return client_address(request.META)


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def note_at_sign_in(request, user) -> None:
    """Note in the new session whether user has no second factor (read by the middleware)."""
    if has_second_factor(user):
        request.session.pop(NO_DEVICE, None)
    else:
        request.session[NO_DEVICE] = user.pk


def reset(user) -> int:
    """Remove every second factor of user (an admin's reset, or the user turning it off); return
    how many."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    return removed + StaticDevice.objects.filter(user=user).delete()[0]


def _away(request, name):
    url = reverse(name)
    if request.method == "GET" and not getattr(request, "htmx", False):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


class SecondFactorMiddleware:
    """Send a signed-in user to the code step (or, where required, to enrol) before any page.
    Goes after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path_info.startswith(OPEN_PREFIXES):
            here = request.path_info
            if not user.is_verified() and self._has_device(request):
                if here not in (reverse(VERIFY), reverse(LOGOUT)):
                    return _away(request, VERIFY)
            elif self._must_enrol(user) and here not in (reverse(ENROL), reverse(LOGOUT)):
                return _away(request, ENROL)
        return self.get_response(request)

    @staticmethod
    def _has_device(request) -> bool:
        """Return has_second_factor(user), trusting the "no" noted at sign-in (note_at_sign_in:
        a query saved per page; enrolling later marks the session verified)."""
        if request.session.get(NO_DEVICE) == request.user.pk:
            return False
        return has_second_factor(request.user)

    @staticmethod
    def _must_enrol(user) -> bool:
        return (settings.REQUIRE_2FA_FOR_ADMINS and not user.is_verified()
                and role_of(user) == Membership.ADMIN)
