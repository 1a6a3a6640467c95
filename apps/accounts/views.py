"""Logging in (throttled), changing the password, and the API key page: save (once IdentityCall
accepts the key), replace, verify again, remove. Every change of the key is audited."""

import logging
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.forms import ApiKeyForm, LoginForm, mark_throttled
from apps.accounts.middleware import UNDECRYPTABLE_MESSAGE
from apps.accounts.models import ApiKey, KeyDecryptionError, save_api_key
from apps.audit.recorder import record
from apps.identitycall import errors
from apps.identitycall.resources import total_of
from apps.accounts import key_access, key_probe, key_summary
from apps.accounts.clients import client_for_key
from apps.accounts.key_probe import Known
from apps.frame.errors import rate_limit_sentence
from apps.frame.http import safe_next

logger = logging.getLogger(__name__)

# Saving a key waits for the permission probes (run at once): not the full read timeout.
PROBE_READ_TIMEOUT = 8.0


class LoginView(auth_views.LoginView):
    """Django's login page with LoginForm; a refused (throttled) attempt answers 429."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return mark_throttled(super().form_invalid(form), form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change page, with a success message and an audit event."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change")

    def form_valid(self, form):
        # Logout everywhere comes from Django: every other session's auth hash stops matching the
        # new password, while the parent's form_valid() refreshes this session's hash to keep it.
        response = super().form_valid(form)
        user = self.request.user
        record(
            user,
            "account.password_change",
            resource_type="account",
            resource_id=user.get_username(),
            request=self.request,
        )
        messages.success(
            self.request, "Password changed. Every other session of yours has been logged out."
        )
        return response


def projects_phrase(count: int) -> str:
    """Return "1 project" or "N projects"."""
    return f"{count} project" if count == 1 else f"{count} projects"


@dataclass(frozen=True)
class KeyCheck:
    """What checking a key taught: how many projects it sees, what it may do, its fingerprint."""

    projects_seen: int
    known: Known
    fingerprint: str


@sensitive_variables("plaintext")
def verify_key(plaintext: str) -> KeyCheck:
    """Return what the key reaches and may do; raise IdentityCallError when GET /projects fails.

    The permissions come from requests that cannot change anything (apps/accounts/key_probe.py);
    an answer they cannot read leaves that permission unknown, never fails the check.
    """
    client = client_for_key(plaintext)
    projects = client.list_projects()
    prober = client_for_key(plaintext, read_timeout=PROBE_READ_TIMEOUT)  # no write hook
    return KeyCheck(total_of(projects), key_probe.probe(prober, projects), client.fingerprint)


def keep_permissions(check: KeyCheck) -> None:
    """Keep what the check taught of the key; forget what was known of keys no longer stored."""
    key_access.remember(check.fingerprint, check.known)
    key_access.forget_unused()


def saved_sentence(masked: str, verb: str, check: KeyCheck) -> str:
    """Return "API key idc_…abcd saved. It sees 3 projects. It can read and write…"."""
    return (
        f"API key {masked} {verb}. It sees {projects_phrase(check.projects_seen)}. "
        f"{key_summary.sentence(check.known)}"
    ).strip()


def not_saved_reason(exc: errors.IdentityCallError) -> tuple[str | None, str]:
    """Return (form field or None, sentence) explaining why a candidate key was not saved."""
    if isinstance(exc, errors.AuthenticationError):
        return "api_key", (
            "IdentityCall rejected this key: it is wrong, revoked or expired. "
            "The key was not saved."
        )
    if isinstance(exc, errors.PermissionDeniedError):
        return "api_key", (
            "This key lacks read permission, which the console needs to show anything. "
            "The key was not saved."
        )
    if isinstance(exc, errors.RateLimitError):
        return None, rate_limit_sentence(exc, outcome="the key was not saved")
    return None, "IdentityCall is unreachable, so the key was not saved; try again."


def audit_key(request, action, masked, previous, *, exc=None, projects_seen=None):
    """Record a save or replace of the key (masked) and whether IdentityCall accepted it."""
    detail = {"previous": previous.masked if previous else None, "projects_seen": projects_seen}
    record(
        request.user,
        action,
        resource_type="api_key",
        resource_id=masked,
        # The key is checked with GET /projects: its answer is the outcome.
        status=exc.status if exc else 200,
        error=type(exc).__name__ if exc else None,
        detail={name: value for name, value in detail.items() if value is not None},
        request=request,
    )


@sensitive_post_parameters("api_key")
@require_http_methods(["GET", "POST"])
@sensitive_variables("plaintext")  # innermost: it must wrap the function holding the local
def api_key(request):
    stored = ApiKey.objects.filter(user=request.user).first()
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plaintext = form.cleaned_data["api_key"]
        action = "api_key.replace" if stored else "api_key.save"
        try:
            check = verify_key(plaintext)
        except errors.IdentityCallError as exc:
            logger.info("API key not saved for user %s: %s", request.user.pk, type(exc).__name__)
            audit_key(request, action, f"idc_…{plaintext[-4:]}", stored, exc=exc)
            form.add_error(*not_saved_reason(exc))
        else:
            seen = check.projects_seen
            saved = save_api_key(request.user, plaintext, seen, check.fingerprint)
            keep_permissions(check)
            logger.info("API key saved for user %s (%s projects)", request.user.pk, seen)
            audit_key(request, action, saved.masked, stored, projects_seen=seen)
            verb = "replaced" if stored else "saved"
            messages.success(request, saved_sentence(saved.masked, verb, check))
            return redirect(safe_next(request) or "accounts:api_key")
    context = {"form": form, "api_key": stored, "next": safe_next(request)}
    if stored:
        context.update(key_summary.page_context(key_access.known_for(request)))
    return render(request, "accounts/api_key.html", context)


@require_POST
def verify_api_key(request):
    stored = ApiKey.objects.filter(user=request.user).first()
    if stored is None:
        messages.info(request, "There is no saved key to verify; add one below.")
        return redirect("accounts:api_key")
    try:
        check = verify_key(stored.reveal())
    except KeyDecryptionError:
        logger.error("Stored API key of user %s cannot be decrypted", request.user.pk)
        messages.error(request, UNDECRYPTABLE_MESSAGE)
    except errors.AuthenticationError:
        messages.error(
            request,
            "IdentityCall rejected your saved key: it is wrong, revoked or expired. "
            "Replace it below.",
        )
    except errors.PermissionDeniedError:
        messages.error(
            request,
            "Your saved key lacks read permission, which the console needs. Replace it below.",
        )
    except errors.RateLimitError as exc:
        messages.error(request, rate_limit_sentence(exc, outcome="the key was not checked"))
    except errors.IdentityCallError:
        messages.error(
            request, "IdentityCall is unreachable, so the key was not checked; try again."
        )
    else:
        stored.mark_verified(check.projects_seen)
        if stored.fingerprint != check.fingerprint:  # an older row, or another base URL
            ApiKey.objects.filter(pk=stored.pk).update(fingerprint=check.fingerprint)
        keep_permissions(check)
        text = f"Your key works. It sees {projects_phrase(check.projects_seen)}."
        messages.success(request, f"{text} {key_summary.sentence(check.known)}".strip())
    return redirect("accounts:api_key")


@require_http_methods(["GET", "POST"])
def remove_api_key(request):
    stored = ApiKey.objects.filter(user=request.user).first()
    if stored is None:
        messages.info(request, "There is no saved key to remove.")
        return redirect("accounts:api_key")
    if request.method == "POST":
        stored.delete()
        key_access.forget_unused()
        logger.info("API key removed for user %s", request.user.pk)
        record(
            request.user,
            "api_key.remove",
            resource_type="api_key",
            resource_id=stored.masked,
            request=request,
        )
        messages.success(request, "API key removed. Add a key to keep using the console.")
        return redirect("accounts:api_key")
    # Without JavaScript the "Remove" link lands here; with it, the same form opens in a dialog.
    return render(request, "accounts/api_key_remove.html", {"api_key": stored})
