"""Two-factor pages: enrol (QR code, confirm with a code, recovery codes shown once; every other
session of the user ends) and the code step after the password (apps/accounts/two_factor.py).
Once it is on, the page's forms are apps/accounts/two_factor_manage.py's."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from apps.accounts import signed_in, two_factor
from apps.accounts.two_factor_manage import enrolled_page
from apps.accounts.throttle import wait_message
from apps.audit.recorder import record

WRONG_CODE = "That code is not right (or was already used). Try the current one."


@never_cache
@sensitive_post_parameters("code")
def enrol(request):
    if two_factor.has_second_factor(request.user):
        return enrolled_page(request)
    device = two_factor.pending_device(request.user)
    error, status = "", 200
    if request.method == "POST":
        codes = two_factor.confirm(request, device, request.POST.get("code", ""))
        if codes is not None:
            # Every other browser signed in with the password alone must sign in again, with a
            # code: only this session (just verified) stays.
            ended = signed_in.end_all(request.user, keep=request.session.session_key)
            record(request.user, "account.2fa_enrol", resource_type="account",
                   detail={"other_sessions_ended": ended}, request=request)
            return enrolled_page(request, recovery_codes=codes, sessions_ended=ended)
        error, status = WRONG_CODE, 422
    context = {"qr": two_factor.qr_svg(device), "secret": two_factor.secret_text(device),
               "error": error}
    return render(request, "accounts/two_factor.html", context, status=status)


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    if request.user.is_verified():
        return redirect(target)
    error, status, blocked = "", 200, two_factor.blocked_for(request)
    if request.method == "POST" and not blocked:
        if two_factor.verify(request, request.POST.get("code", "")):
            messages.success(request, "Signed in.")
            return redirect(target)
        error, status = WRONG_CODE, 422
        blocked = two_factor.blocked_for(request)
    if blocked:
        error, status = wait_message(blocked), 429
    return render(request, "accounts/two_factor_verify.html",
                  {"error": error, "next": target}, status=status)
