"""Template helpers shared by the frame and its partials: `{% load frame %}`."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def page_window(page, radius=2):
    """Return the page numbers to link around page.current_page, with None where a gap goes."""
    current, last = int(page.current_page), int(page.total_pages)
    shown = {1, last, *range(max(1, current - radius), min(last, current + radius) + 1)}
    numbers = []
    for number in sorted(n for n in shown if 1 <= n <= last):
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@register.filter
def ago(moment):
    """Return "just now" within a minute, else "3 hours ago" (Django's timesince, plus "ago")."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"
