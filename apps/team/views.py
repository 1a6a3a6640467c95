"""The team page (/settings/team/, admins only: apps/accounts/role_rules.py): members, roles,
invitations, deactivation, password-reset links and ending a member's sessions. Every action is
audited (apps/audit)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_GET, require_POST

from apps.accounts import signed_in, two_factor
from apps.accounts.roles import LABEL, role_of, set_role
from apps.audit.recorder import record
from apps.team.forms import InviteForm, RoleForm
from apps.team.members import absolute, is_last_admin, mail_link, members
from apps.team.models import Invitation

LAST_ADMIN = "The team needs at least one active admin: make someone else an admin first."


def _page(request, invite_form=None, link=None, status=200):
    context = {
        "members": members(), "invite_form": invite_form or InviteForm(), "link": link,
        "role_choices": LABEL.items(), "me": request.user,
        "invitations": Invitation.objects.filter(accepted_at=None, revoked_at=None,
                                                 expires_at__gt=timezone.now()),
    }
    return render(request, "team/members.html", context, status=status)


@require_GET
def team(request):
    return _page(request)


@require_POST
def invite(request):
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, invite_form=form, status=422)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    invitation, token = Invitation.issue(email, role, request.user)
    link = absolute(request, reverse("team:accept", args=[token]))
    sent = mail_link("You are invited to the IdentityCall Console",
                     f"{request.user.get_username()} invites you to join as {LABEL[role]}.",
                     link, email)
    record(request.user, "team.invite", resource_type="team", resource_id=email,
           detail={"role": role, "emailed": sent}, request=request)
    if sent:
        messages.success(request, f"Invitation e-mailed to {email}.")
        return redirect("team:team")
    return _page(request, link={"url": link, "email": email})


@require_POST
def revoke(request, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, accepted_at=None)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(request.user, "team.invite_revoke", resource_type="team",
               resource_id=invitation.email, request=request)
    messages.success(request, f"The invitation of {invitation.email} no longer works.")
    return redirect("team:team")


def _member(user_id):
    return get_object_or_404(get_user_model(), pk=user_id)


@require_POST
def change_role(request, user_id):
    member, form = _member(user_id), RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Viewer, Member or Admin.")
        return redirect("team:team")
    role, before = form.cleaned_data["role"], role_of(member)
    if role != before and before == "admin" and is_last_admin(member):
        messages.error(request, LAST_ADMIN)
        return redirect("team:team")
    if role != before:
        set_role(member, role)
        record(request.user, "team.role", resource_type="team", resource_id=member.username,
               detail={"from": before, "to": role}, request=request)
    messages.success(request, f"{member.get_username()} is now {LABEL[role]}.")
    return redirect("team:team")


@require_POST
def set_active(request, user_id):
    member = _member(user_id)
    active = request.POST.get("active") == "1"
    if not active and is_last_admin(member):
        messages.error(request, LAST_ADMIN)
        return redirect("team:team")
    if member.is_active != active:
        member.is_active = active
        member.save(update_fields=["is_active"])
        if not active:
            signed_in.end_all(member)  # signed out at once, not at their session's end
        record(request.user, "team.reactivate" if active else "team.deactivate",
               resource_type="team", resource_id=member.username, request=request)
    word = "can sign in again" if active else "is deactivated and signed out everywhere"
    messages.success(request, f"{member.get_username()} {word}.")
    return redirect("team:team")


@require_POST
def password_reset(request, user_id):
    member = _member(user_id)
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    link = absolute(request, reverse("team:reset_confirm", args=[uid, token]))
    sent = bool(member.email) and mail_link(
        "Set a new password for the IdentityCall Console",
        "Follow this link to choose a new password:", link, member.email)
    record(request.user, "team.password_reset", resource_type="team",
           resource_id=member.username, detail={"emailed": sent}, request=request)
    if sent:
        messages.success(request, f"Password-reset link e-mailed to {member.email}.")
        return redirect("team:team")
    return _page(request, link={"url": link, "email": member.get_username(), "reset": True})


@require_POST
def end_sessions(request, user_id):
    member = _member(user_id)
    ended = signed_in.end_all(member)
    record(request.user, "team.sessions_end", resource_type="team",
           resource_id=member.username, detail={"ended": ended}, request=request)
    messages.success(request, f"Ended {ended} session(s) of {member.get_username()}.")
    return redirect("team:team")


@require_POST
def reset_2fa(request, user_id):
    member = _member(user_id)
    removed = two_factor.reset(member)
    record(request.user, "team.2fa_reset", resource_type="team", resource_id=member.username,
           detail={"devices": removed}, request=request)
    messages.success(request, f"{member.get_username()} signs in with a password only until "
                              "they turn two-factor sign-in on again.")
    return redirect("team:team")
