"""Searching the provider's inventory: one upstream call per search, narrowed on the page.

The last result per user, country and number type is cached briefly, so narrowing by region or
feature and opening a confirmation do not ask IdentityCall again.
"""

import re
from dataclasses import dataclass

from django.core.cache import cache

from apps.frame.listing import cut_short_note

CACHE_SECONDS = 60


def _cache_key(user, country, number_type):
    return f"virtual_numbers:available:{user.pk}:{country}:{number_type}"


def search(client, user, country, number_type, *, fresh=False):
    """Return the available numbers (the client's Listing) for country and number type, cached
    for a minute."""
    key = _cache_key(user, country, number_type)
    found = None if fresh else cache.get(key)
    if found is None:
        found = client.search_available_numbers(country=country, number_type=number_type)
        cache.set(key, found, CACHE_SECONDS)
    return found


def forget(user, country, number_type):
    """Drop the cached search, e.g. after a number from it was bought."""
    cache.delete(_cache_key(user, country, number_type))


def find_offer(offers, phone_number):
    """Return the offer with this phone number, or None."""
    return next((offer for offer in offers if offer.phone_number == phone_number), None)


@dataclass(frozen=True)
class Narrowed:
    """A search result narrowed on the page, with the choices the narrowing offers."""

    offers: tuple
    total: int
    regions: tuple  # (region_name, label) pairs
    features: tuple  # feature names
    region: str  # the region applied ("" = all)
    feature: str
    list_note: str = ""  # said when IdentityCall paged the search further than the console reads


def regions_of(offer):
    """Return an offer's regions below the country (the search already chose the country)."""
    return tuple(
        r for r in offer.region_information if r.region_name and r.region_type != "country"
    )


def region_label(region):
    """Return "Austin (rate center)" for a Region sent as ("rate_center", "AUSTIN")."""
    kind = (region.region_type or "").replace("_", " ")
    name = title_case(region.region_name)
    return f"{name} ({kind})" if kind else name


def title_case(name) -> str:
    """Return "New York" for "NEW YORK"; codes ("CA") and names already in mixed case unchanged."""
    if not name or not name.isupper() or len(name) <= 3:
        return name or ""
    return re.sub(r"[^\W\d_]+", lambda word: word[0].capitalize(), name.lower())


def region_names(offer):
    """Return the region names of one offer."""
    return tuple(r.region_name for r in regions_of(offer))


def narrow(offers, region="", feature=""):
    """Return Narrowed: the offers in `region` with `feature`, ignoring choices not offered."""
    regions = {}
    for offer in offers:
        for info in regions_of(offer):
            regions.setdefault(info.region_name, region_label(info))
    features = sorted({name for offer in offers for name in offer.features})
    # A region from another country's search (the country changed) narrows nothing.
    region = region if region in regions else ""
    feature = feature if feature in features else ""
    shown = tuple(
        offer
        for offer in offers
        if (not region or region in region_names(offer))
        and (not feature or feature in offer.features)
    )
    return Narrowed(
        offers=shown,
        total=len(offers),
        regions=tuple(sorted(regions.items(), key=lambda item: item[1].lower())),
        features=tuple(features),
        region=region,
        feature=feature,
        list_note=cut_short_note(offers, "numbers"),
    )
