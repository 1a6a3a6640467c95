"""Turn IdentityCall failures that no view handled into a plain page or an htmx alert.

Views catch what they can act on (422 → form errors, 404 → Http404); everything else ends here as
one sentence from `describe_error`, never a traceback; the only upstream text shown is a 409's JSON
message, quoted (and escaped by the template). An htmx request gets it as an alert swapped into
the page's `#alerts` region (`alert_response`, the one place that retargets an alert), a full page
request as the error page.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django_htmx.http import reswap, retarget

from apps.frame.errors import describe_error
from apps.identitycall import errors

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# (exception class, response status, page title); the first match wins, so subclasses come first.
OUTCOMES = (
    (errors.AuthenticationError, 401, "API key rejected"),
    (errors.PermissionDeniedError, 403, "Not allowed by your API key"),
    (errors.NotFoundError, 404, "Not found in IdentityCall"),
    (errors.ConflictError, 409, "Conflict"),
    (errors.RateLimitError, 429, "Too many requests"),
    (errors.ValidationError, 422, "Request not accepted"),
    (errors.BadRequestError, 400, "Request not accepted"),
    (errors.UpstreamTimeout, 504, "IdentityCall did not answer"),
)
FALLBACK = (502, "IdentityCall unavailable")
UNKNOWN_OUTCOME_TITLE = "Change not confirmed"

# The sections whose pages a person can check a change on: URL namespace → the list's name.
SECTIONS = {
    "projects": "projects",
    "operators": "operators",
    "virtual_numbers": "numbers",
    "recordings": "recordings",
}
# The lists with the `?q=` text filter (apps/frame/text_filter.py).
FILTERED_LISTS = ("projects", "operators")


@dataclass(frozen=True)
class CheckLink:
    """Where a person sees whether a change of unknown outcome was applied."""

    url: str
    text: str


def where_to_check(request, *, name=None) -> CheckLink | None:
    """Return the page showing whether the request's change was applied, or None.

    For a create or a delete, the section's list filtered to `name` (when given and the list can
    filter); else the page of the thing the request changed (its URL's arguments name it); else
    the section's list.
    """
    match = request.resolver_match
    namespace = match.namespace if match else ""
    if namespace not in SECTIONS:
        return None
    noun = SECTIONS[namespace]
    list_url = reverse(f"{namespace}:list")
    creating_or_deleting = not match.kwargs or match.url_name == "delete"
    if name and namespace in FILTERED_LISTS and creating_or_deleting:
        return CheckLink(f"{list_url}?{urlencode({'q': name})}",
                         f"Look for “{name}” in the {noun} list")
    if match.kwargs:
        try:
            return CheckLink(reverse(f"{namespace}:detail", kwargs=match.kwargs),
                             "Check its current state")
        except NoReverseMatch:
            pass  # e.g. a route naming two things; the list shows both
    return CheckLink(list_url, f"Check the {noun} list")


def outcome_for(exc: errors.IdentityCallError) -> tuple[int, str]:
    """Return (status, title) of the page shown for exc."""
    for cls, status, title in OUTCOMES:
        if isinstance(exc, cls):
            return status, title
    return FALLBACK


def alert_response(request, message, *, status, level="error", target="#alerts", **context):
    """Return the alert partial for an htmx request, swapped into `target` (the page's alerts).

    `context` adds the alert's optional parts (title, link_url and link_text, retry_url).
    """
    context.update(message=message, level=level)
    response = render(request, "_partials/alert.html", context, status=status)
    retarget(response, target)
    reswap(response, "innerHTML")
    patch_vary_headers(response, ("HX-Request",))
    return response


def upstream_error_response(request, exc: errors.IdentityCallError):
    """Return the error page, or for htmx the alert partial retargeted to #alerts."""
    writing = request.method not in SAFE_METHODS
    status, title = outcome_for(exc)
    context = {"title": title}
    if isinstance(exc, errors.AuthenticationError):
        context.update(link_url=reverse("accounts:api_key"), link_text="Replace your API key")
    elif isinstance(exc, errors.PermissionDeniedError):
        context.update(link_url=reverse("accounts:api_key"), link_text="Check your API key")
    elif writing and exc.outcome_unknown:
        # Not "try again": repeating a change that may have been applied could apply it twice.
        context["title"] = UNKNOWN_OUTCOME_TITLE
        if check := where_to_check(request):
            context.update(link_url=check.url, link_text=check.text)
    if not writing:
        context["retry_url"] = request.get_full_path()
    message = describe_error(exc, writing=writing)
    if request.htmx:
        response = alert_response(request, message, status=status, **context)
    else:
        context.update(message=message, level="error")
        response = render(request, "error_upstream.html", context, status=status)
        patch_vary_headers(response, ("HX-Request",))
    if isinstance(exc, errors.RateLimitError):
        response["Retry-After"] = str(exc.wait_seconds)
    return response


class UpstreamErrorMiddleware:
    """Catch an IdentityCallError escaping a console view (accounts' middleware handles a missing
    or unreadable key)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path_info.startswith("/sandbox/"):
            return None  # the emulator answers in the API's own JSON
        if isinstance(exception, errors.IdentityCallError):
            logger.warning(
                "IdentityCall %s (status %s) on %s %s",
                type(exception).__name__, exception.status, request.method, request.path,
            )
            return upstream_error_response(request, exception)
        return None
