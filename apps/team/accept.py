"""Joining by invitation: the one-time link lets its holder set a name and password, once.

A link replayed, expired, revoked or unknown, or opened while someone is signed in, is refused
with a page saying which (and what to do)."""

from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from apps.accounts.roles import LABEL, set_role
from apps.audit.recorder import record
from apps.team.forms import AcceptForm
from apps.team.models import Invitation

REFUSALS = {
    Invitation.ACCEPTED: "This invitation link has already been used. Sign in instead, or ask "
                         "an admin of your team for a new invitation.",
    Invitation.REVOKED: "This invitation was withdrawn by an admin of your team. Ask them for a "
                        "new one if you still need access.",
    Invitation.EXPIRED: "This invitation link has expired. Ask an admin of your team to invite "
                        "you again.",
    "unknown": "This invitation link is not valid. Check that you copied all of it, or ask an "
               "admin of your team for a new one.",
    "signed_in": "You are signed in as someone else. Sign out first, then open the invitation "
                 "link again.",
}


def _refused(request, reason, status):
    response = render(request, "team/invitation_refused.html",
                      {"why": REFUSALS[reason], "reason": reason}, status=status)
    # Django would log the refused path, which holds the token (live, for a signed-in visitor).
    response._has_been_logged = True
    return response


@login_not_required
@never_cache
@sensitive_post_parameters("password1", "password2")
def accept(request, token):
    invitation = Invitation.for_token(token)
    if request.user.is_authenticated:
        return _refused(request, "signed_in", 403)
    if invitation is None or invitation.state != Invitation.PENDING:
        return _refused(request, invitation.state if invitation else "unknown", 410)
    form = AcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = _join(invitation, form.cleaned_data)
        if user is None:
            return _refused(request, Invitation.ACCEPTED, 410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:api_key")
    context = {"form": form, "invitation": invitation, "role": LABEL[invitation.role]}
    return render(request, "team/accept.html", context, status=422 if form.errors else 200)


def _join(invitation, data):
    """Return the new user, or None when the invitation was used meanwhile (single use)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.state != Invitation.PENDING:
            return None
        user = get_user_model().objects.create_user(
            invitation.email, email=invitation.email, password=data["password1"],
            first_name=data["first_name"], last_name=data["last_name"],
        )
        set_role(user, locked.role)
        locked.accepted_at, locked.accepted_by = timezone.now(), user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    record(user, "team.invite_accept", resource_type="team", resource_id=invitation.email,
           detail={"role": locked.role})
    return user
