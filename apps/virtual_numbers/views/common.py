"""What every numbers view shares: fetching a number, safe `next` URLs, refusal sentences."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from apps.identitycall import errors
from apps.frame.errors import describe_error


def fetch_number(client, number_id):
    """Return the number's detail form; raise Http404 when IdentityCall does not know it."""
    try:
        return client.get_virtual_number(number_id)
    except errors.NotFoundError:
        raise Http404("No such virtual number, or your key cannot see it.") from None


def with_detail(client, number):
    """Return `number` in detail form, reading it again if IdentityCall sent the short form."""
    # IdentityCall docs gap: the add_operator response is not documented (remove_operator returns
    # the detail form); without the detail form's routing strategy, ask for the number again.
    if number.routing_strategy is None and number.id is not None:
        return fetch_number(client, number.id)
    return number


def safe_next(request):
    """Return the `next` parameter when it is a URL on this site, else None (no open redirects)."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def redirect_back(request, number_id):
    """Return a redirect to `next` when it is safe, else to the number's page."""
    return redirect(safe_next(request) or reverse("virtual_numbers:detail", args=[number_id]))


def refusal(request, exc, action):
    """Return a plain sentence for a 403 on a write, remembering a read-only key in the session."""
    if "write permission" in (exc.message or "").lower():
        # The operators and projects screens read the same hint to show actions as unavailable.
        request.session["key_cannot_write"] = True
        return (
            f"Your API key is read-only, so it cannot {action}. Save a key with write permission "
            "under Settings → API key, or ask the account owner to do this."
        )
    return describe_error(exc, writing=True)
