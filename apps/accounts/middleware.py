"""Send signed-in users who have not saved an IdentityCall API key to the key page first."""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from apps.accounts import key_access
from apps.accounts.clients import MissingApiKey
from apps.accounts.models import KeyDecryptionError

logger = logging.getLogger(__name__)

# Pages that work without a key: sign-in, the admin, the probe, assets, the emulator (which
# authenticates with its own bearer keys), and the settings pages that never call IdentityCall
# with the stored key (the key page itself, the password, the activity history, the kept audio).
EXEMPT_PREFIXES = ("/accounts/", "/admin/", "/healthz", "/static/", "/sandbox/")
EXEMPT_URL_NAMES = (
    "accounts:api_key", "accounts:password_change", "audit:activity", "recordings:kept_audio",
    "accounts:sessions", "accounts:two_factor", "team:team", "audit:activity_csv",
    "notifications:list",  # and every page under it: none calls IdentityCall (the bell's poll)
)

NO_KEY_MESSAGE = (
    "Add your IdentityCall API key to use the console: every page reads from IdentityCall "
    "with your own key."
)

UNDECRYPTABLE_MESSAGE = (
    "Your saved key can no longer be read on this server (its encryption keys changed). "
    "Enter the key again."
)


def redirect_to_key_page(request, message, level=messages.INFO):
    """Return a redirect to the key page (HX-Redirect for htmx) after queuing message."""
    messages.add_message(request, level, message)
    url = reverse("accounts:api_key")
    # Come back to the page that was asked for once the key is saved.
    if request.method == "GET" and not getattr(request, "htmx", False):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def exempt_pages():
    """Return the paths of the settings pages that work without a key."""
    return tuple(reverse(name) for name in EXEMPT_URL_NAMES)


class ApiKeyRequiredMiddleware:
    """Redirect a signed-in user without a stored key to accounts:api_key, with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_key(request):
            return redirect_to_key_page(request, NO_KEY_MESSAGE)
        # What the console knows of the key, narrowed by the team role, for
        # apps.frame.key_hints (asked only when needed).
        request.key_knowledge = lambda: key_access.known_with_role(request)
        return self.get_response(request)

    @staticmethod
    def _needs_key(request):
        """Return True when the request is from a signed-in user without a key to a gated page."""
        if not request.user.is_authenticated:
            return False  # LoginRequiredMiddleware already handles anonymous users
        path = request.path_info
        if path.startswith(EXEMPT_PREFIXES) or path.startswith(exempt_pages()):
            return False
        return not hasattr(request.user, "api_key")

    def process_exception(self, request, exception):
        """Send a user whose key is missing or cannot be decrypted (raised by client_for) to the
        key page, with a message."""
        if request.path_info.startswith("/sandbox/"):
            return None  # the emulator answers in the API's own JSON
        if isinstance(exception, MissingApiKey):
            return redirect_to_key_page(request, NO_KEY_MESSAGE)
        if isinstance(exception, KeyDecryptionError):
            logger.error("Stored API key of user %s cannot be decrypted", request.user.pk)
            return redirect_to_key_page(request, UNDECRYPTABLE_MESSAGE, messages.ERROR)
        return None
