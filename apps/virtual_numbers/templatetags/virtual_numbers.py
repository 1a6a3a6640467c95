"""Template helpers of the numbers screens: `{% load virtual_numbers %}` (phones and countries are
in `{% load frame %}`)."""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from apps.reference.countries import NUMBER_TYPES
from apps.virtual_numbers import search
from apps.virtual_numbers.forms import ROUTING_STRATEGIES

register = template.Library()


@register.filter
def regions(offer):
    """Return an offer's regions below the country, each labelled "AUSTIN (rate center)"."""
    return [search.region_label(region) for region in search.regions_of(offer)]


@register.filter
def region_names(offer):
    """Return an offer's region names below the country (for narrowing on the page)."""
    return list(search.region_names(offer))


# IdentityCall docs gap: costs are decimal strings naming no currency (docs/api-decisions.md,
# "Prices"); the console shows them as US dollars and says so next to every price list.
PRICE_CURRENCY = "US$"


@register.filter
def price(value):
    """Return "US$1.15" for the decimal string "1.15"; "—" when absent, unreadable text as sent."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return value
    return f"{PRICE_CURRENCY}{amount:,.2f}" if amount.is_finite() else value


@register.filter
def number_type_label(value):
    """Return "Toll-free" for "toll-free" and so on."""
    return NUMBER_TYPES.get(value or "", value or "")


@register.filter
def routing_label(value):
    """Return the name of a routing strategy ("round_robin" → "Round robin")."""
    return ROUTING_STRATEGIES.get(value or "", (value or "Not set", ""))[0]


@register.filter
def routing_help(value):
    """Return the one line saying what a routing strategy does."""
    return ROUTING_STRATEGIES.get(value or "", ("", ""))[1]


@register.filter
def minutes_seconds(seconds):
    """Return a duration in seconds as m:ss ("3:33"); "–" when unknown."""
    if seconds is None or seconds == "":
        return "–"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


@register.simple_tag
def avatars(operators, total, limit=3):
    """Return {"shown": the first `limit` operators, "more": how many of `total` are not shown}."""
    shown = tuple(operators or ())[:limit]
    total = total if total is not None else len(operators or ())
    return {"shown": shown, "more": max(0, total - len(shown)), "total": total}


@register.simple_tag
def buy_url(offer, number_type):
    """Return the confirmation URL of one search result."""
    query = urlencode(
        {
            "phone_number": offer.phone_number or "",
            "country_code": offer.country_code or "",
            "number_type": number_type or offer.number_type or "",
        }
    )
    return f"{reverse('virtual_numbers:purchase_confirm')}?{query}"
