"""The sessions page: where the user is signed in (device, address, last seen); end any."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts import signed_in
from apps.accounts.models import SignedInSession
from apps.audit.recorder import record


@require_GET
def sessions(request):
    rows = [
        {"row": row, "device": signed_in.device(row.user_agent),
         "current": row.session_key == request.session.session_key}
        for row in SignedInSession.objects.filter(user=request.user)
    ]
    return render(request, "accounts/sessions.html", {"sessions": rows})


@require_POST
def end_session(request, session_id):
    row = get_object_or_404(SignedInSession, pk=session_id, user=request.user)
    current = row.session_key == request.session.session_key
    signed_in.end(row)
    record(request.user, "account.session_end", resource_type="account",
           detail={"device": signed_in.device(row.user_agent)}, request=request)
    if current:
        return redirect("accounts:login")
    messages.success(request, "That session is ended: it is signed out.")
    return redirect("accounts:sessions")
