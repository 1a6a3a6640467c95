"""The bell in the header: `{% notifications_bell %}` renders it with the unread count (one
COUNT query per page), so it is right without JavaScript; htmx then refreshes it in place."""

from django import template

from apps.notifications.notify import poll_seconds, unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notifications_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    match = getattr(request, "resolver_match", None)
    return {
        "unread": unread_count(user),
        "current": getattr(match, "namespace", "") == "notifications",
        "poll_seconds": poll_seconds(),
    }
