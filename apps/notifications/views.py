"""The user's notifications: what finished or failed since they last looked (marked read once
shown), the bell's refresh, the e-mail preference, and dismissing one. No page here calls
IdentityCall, so none needs an API key."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import EmailPreferenceForm
from .models import Notification, NotificationSettings
from .notify import mark_read, poll_seconds, unread_count

PER_PAGE = 50
SAVED = {
    True: "Saved: you will also get an e-mail when a recording you uploaded finishes.",
    False: "Saved: you will be told in the console only, not by e-mail.",
}


@dataclass(frozen=True)
class ListPage:
    """What _partials/pagination.html needs to know about the page shown."""

    current_page: int
    total_pages: int
    total_count: int


@require_GET
def notification_list(request):
    found = Paginator(Notification.objects.filter(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = list(found.object_list)
    mark_read(request.user, shown)  # the rows in memory still say which ones were new
    context = {
        "new": [note for note in shown if note.read_at is None],
        "earlier": [note for note in shown if note.read_at is not None],
        "page": ListPage(found.number, found.paginator.num_pages, found.paginator.count),
        "form": EmailPreferenceForm(initial=_preference(request.user)),
    }
    response = render(request, "notifications/list.html", context)
    add_never_cache_headers(response)  # Back must not show them as new again
    return response


@require_GET
def bell(request):
    """Return the bell alone, for htmx's refresh of the header."""
    # A poll is not the person doing something: it must not keep an idle session alive
    # (apps/accounts/sessions.py honours this).
    request.renews_session = False
    response = render(request, "notifications/_bell.html", {
        "unread": unread_count(request.user),
        "current": request.GET.get("on") == "notifications",
        "poll_seconds": poll_seconds(),
    })
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
def email_preference(request):
    if request.method == "GET":
        form = EmailPreferenceForm(initial=_preference(request.user))
        return render(request, "notifications/email.html", {"form": form})
    form = EmailPreferenceForm(request.POST)
    if not form.is_valid():
        return render(request, "notifications/email.html", {"form": form}, status=400)
    wanted = form.cleaned_data["email_when_done"]
    address = form.cleaned_data["email"]
    if address and address != request.user.email:
        request.user.email = address
        request.user.save(update_fields=["email"])
    NotificationSettings.objects.update_or_create(
        user=request.user, defaults={"email_when_done": wanted}
    )
    messages.success(request, SAVED[wanted])
    return redirect("notifications:list")


@require_POST
def dismiss(request, notification_id):
    """Delete one of the user's notifications; someone else's is not found (404, never 403)."""
    deleted, _ = Notification.objects.filter(pk=notification_id, user=request.user).delete()
    if not deleted:
        raise Http404("No such notification.")
    if request.htmx:
        return HttpResponse("")  # the row is swapped out
    messages.success(request, "Notification dismissed.")
    return redirect("notifications:list")


def _preference(user):
    """Return the preference form's initial values for `user`."""
    chosen = NotificationSettings.objects.filter(user=user).first()
    return {"email_when_done": bool(chosen and chosen.email_when_done), "email": user.email}
