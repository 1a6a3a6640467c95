"""Two-factor self-service on the settings page once it is on: how many recovery codes are left,
new recovery codes (a current code from the app; the old ones stop working; the new ones shown
once), and turning it off (password plus a code or a recovery code; not for an admin while
REQUIRE_2FA_FOR_ADMINS is on). Wrong passwords and codes count against the code step's throttle
(apps/accounts/two_factor.py)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from apps.accounts import two_factor
from apps.accounts.models import Membership
from apps.accounts.roles import role_of
from apps.accounts.throttle import wait_message
from apps.audit.recorder import record

WRONG_CODE = "That code is not right (or was already used). Try the current one."
WRONG_PASSWORD = "That is not your current password."
ADMIN_REQUIRED = ("Two-factor sign-in is required for admins on this console, so it cannot be "
                  "turned off while you are an admin.")


def off_refused(user) -> str:
    """Return why user may not turn two-factor off ("" when they may)."""
    if settings.REQUIRE_2FA_FOR_ADMINS and role_of(user) == Membership.ADMIN:
        return ADMIN_REQUIRED
    return ""


def enrolled_page(request, status=200, **extra):
    """Render the settings page of a user with two-factor on (errors and new codes in extra)."""
    context = {"enrolled": True, "codes_left": two_factor.recovery_codes_left(request.user),
               "off_refused": off_refused(request.user), **extra}
    return render(request, "accounts/two_factor.html", context, status=status)


def _refusal(request, form: str, blocked: int):
    """Return the page refusing a form ("off" or "codes") while throttled, else None."""
    if blocked:
        return enrolled_page(request, 429, **{f"{form}_error": wait_message(blocked)})
    return None


@never_cache
@require_POST
@sensitive_post_parameters("code")
def new_codes(request):
    if not two_factor.has_second_factor(request.user):
        return redirect("accounts:two_factor")
    refused = _refusal(request, "codes", two_factor.blocked_for(request))
    if refused is None and two_factor.check(request, request.POST.get("code", ""),
                                            totp_only=True) is None:
        refused = _refusal(request, "codes", two_factor.blocked_for(request))
        refused = refused or enrolled_page(request, 422, codes_error=WRONG_CODE)
    if refused is not None:
        return refused
    codes = two_factor.new_recovery_codes(request.user)
    record(request.user, "account.2fa_codes", resource_type="account", request=request)
    return enrolled_page(request, recovery_codes=codes, codes_new=True)


@never_cache
@require_POST
@sensitive_post_parameters("password", "code")
def turn_off(request):
    user = request.user
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor")
    if off_refused(user):
        return enrolled_page(request, 403, off_error=off_refused(user))
    refused = _refusal(request, "off", two_factor.blocked_for(request))
    if refused is None and not user.check_password(request.POST.get("password", "")):
        two_factor.note_failure(request)
        refused = _refusal(request, "off", two_factor.blocked_for(request))
        refused = refused or enrolled_page(request, 422, off_error=WRONG_PASSWORD)
    if refused is None and two_factor.check(request, request.POST.get("code", "")) is None:
        refused = _refusal(request, "off", two_factor.blocked_for(request))
        refused = refused or enrolled_page(request, 422, off_error=WRONG_CODE)
    if refused is not None:
        return refused
    two_factor.reset(user)
    request.session[two_factor.NO_DEVICE] = user.pk
    record(user, "account.2fa_disable", resource_type="account", request=request)
    messages.success(request, "Two-factor sign-in is off: you sign in with your password only.")
    return redirect("accounts:two_factor")
