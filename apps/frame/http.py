"""Answers every section's views share: page or partial, redirects, alerts, not found, `next`."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from apps.frame import form_tokens
from apps.frame.middleware import alert_response

NOT_FOUND_SENTENCE = "It may have been deleted, or your API key cannot see it."


def render_page(request, template, context, *, partial=None, status=200):
    """Return template, or only its `{% partialdef partial %}` when htmx asked for the page."""
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def go_to(request, url, *, message=None, level=messages.SUCCESS):
    """Return a redirect to url: HX-Redirect for htmx (a full page load), 302 otherwise; the page
    it leads to shows `message` (a success unless `level` says otherwise)."""
    if message:
        messages.add_message(request, level, message)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def not_found(request, *, noun, back_url, back_label):
    """Return the "not found or not visible with your key" answer (404), page or htmx alert.

    Views rarely call it: apps/frame/items.py read_or_404 and answers_not_found answer it.
    """
    title = f"{noun.capitalize()} not found"
    if request.htmx:
        return alert_response(request, f"{title}. {NOT_FOUND_SENTENCE}", status=404)
    context = {
        "title": title,
        "sentence": NOT_FOUND_SENTENCE,
        "back_url": back_url,
        "back_label": back_label,
    }
    return render(request, "_partials/not_found.html", context, status=404)


def repeated_post(request, previous, *, fallback_url):
    """Return where a second post of an already used create form goes, with a message."""
    if previous.get("state") == form_tokens.DONE:
        messages.info(
            request,
            f"{previous['label']} was already created from this form, so it was not created again.",
        )
        return go_to(request, previous["url"])
    messages.info(
        request, "This form was already sent and is still being processed; check the list below."
    )
    return go_to(request, fallback_url)


def posted(request):
    """Return the POST data to bind a form to (even an empty post), or None for a GET."""
    return request.POST if request.method == "POST" else None


def safe_next(request, fallback=None):
    """Return the posted or queried `next` when it is a URL on this site, else fallback (so a
    link cannot send a person to another site: no open redirects)."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
