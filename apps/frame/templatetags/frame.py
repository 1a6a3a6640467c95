"""Template helpers every section may use: `{% load frame %}` (pages, times, phones, countries,
languages)."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from apps.reference import countries, languages, phones

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


@register.filter
def phone(value):
    """Return an E.164 number formatted for people ("+1 415-555-0100")."""
    return phones.format_phone(value)


@register.filter
def flag(code):
    """Return the flag emoji of a country code."""
    return countries.flag(code)


@register.filter
def country_name(code):
    """Return the English name of a country code."""
    return countries.country_name(code)


@register.filter
def language_name(code):
    """Return "English (en)" for "en"; an unknown code as is; "" for None."""
    return languages.language_name(code)
