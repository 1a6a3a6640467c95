"""One-time purchase tokens: a confirmation buys at most one number, however often it is sent.

A token is issued with the confirmation page, bound to the user and the phone number, and stored
in the database (not the session) so that two tabs or two server processes agree. A POST claims
it with one conditional UPDATE before IdentityCall is called; whoever loses that race, and every
later replay, learns what happened to the first attempt instead of buying again.
"""

import json
import secrets
import time
from dataclasses import asdict
from datetime import timedelta

from django.utils import timezone

from apps.identitycall.resources import AvailableNumber
from apps.virtual_numbers.models import PurchaseToken

LIFETIME = timedelta(minutes=15)
# A claimed token without an answer after this long is treated like an unanswered purchase.
IN_FLIGHT_LIMIT = timedelta(minutes=2)
# How long a replay waits for the first attempt's answer before saying "in progress".
REPLAY_WAIT_SECONDS = 5.0

# What a token can say about itself.
FRESH = "fresh"  # unused and valid: may be claimed
CLAIMED = "claimed"  # this request just claimed it and must call IdentityCall
BOUGHT = "bought"  # an earlier attempt bought the number (token.number_id)
IN_PROGRESS = "in_progress"  # an earlier attempt is still waiting for IdentityCall
UNCERTAIN = "uncertain"  # an earlier attempt got no clear answer: bought or not, nobody knows
EXPIRED = "expired"
FOREIGN = "foreign"  # issued to another user
UNKNOWN = "unknown"  # never issued (or cleaned up)


def issue(user, offer, number_type) -> PurchaseToken:
    """Return a new unused token for `user` to buy `offer` (an AvailableNumber)."""
    _forget_stale(user)
    details = json.loads(json.dumps(asdict(offer)))  # tuples → lists, as the database returns them
    details["number_type"] = number_type or offer.number_type
    return PurchaseToken.objects.create(
        token=secrets.token_urlsafe(32), user=user, phone_number=offer.phone_number, offer=details
    )


def offer_of(token) -> AvailableNumber:
    """Return the offer the token was issued for."""
    return AvailableNumber.from_api(token.offer)


def find(value):
    """Return the token row with this value, or None."""
    if not value or len(value) > 64:
        return None
    return PurchaseToken.objects.filter(token=value).first()


def state_of(token, user, now=None) -> str:
    """Return what `token` means for `user` right now (one of the constants above)."""
    now = now or timezone.now()
    if token is None:
        return UNKNOWN
    if token.user_id != user.pk:
        return FOREIGN
    if token.number_id is not None:
        return BOUGHT
    if token.outcome == PurchaseToken.UNCERTAIN:
        return UNCERTAIN
    if token.used_at is not None:
        return IN_PROGRESS if now - token.used_at < IN_FLIGHT_LIMIT else UNCERTAIN
    if now - token.created_at >= LIFETIME:
        return EXPIRED
    return FRESH


def claim(token, user) -> str:
    """Atomically mark `token` used for `user`; return CLAIMED, or what stopped the claim."""
    now = timezone.now()
    state = state_of(token, user, now)
    if state != FRESH:
        return state
    # One conditional UPDATE: of two concurrent requests exactly one sees a row count of 1.
    won = PurchaseToken.objects.filter(
        pk=token.pk, user=user, used_at__isnull=True, created_at__gt=now - LIFETIME
    ).update(used_at=now)
    token.refresh_from_db()
    return CLAIMED if won == 1 else state_of(token, user, now)


def wait_for_outcome(token, user, seconds=None) -> str:
    """Return the token's state once the attempt in flight ends, or IN_PROGRESS after `seconds`."""
    deadline = time.monotonic() + (REPLAY_WAIT_SECONDS if seconds is None else seconds)
    state = state_of(token, user)
    while state == IN_PROGRESS and time.monotonic() < deadline:
        time.sleep(0.2)
        token.refresh_from_db()
        state = state_of(token, user)
    return state


def complete(token, number_id) -> None:
    """Record that the claimed token bought the number with id `number_id`."""
    token.number_id = number_id
    token.outcome = "bought"
    token.save(update_fields=["number_id", "outcome"])


def release(token) -> None:
    """Make the token usable again: refused, or never sent to IdentityCall; nothing was bought."""
    token.used_at = None
    token.save(update_fields=["used_at"])


def mark_uncertain(token) -> None:
    """Keep the token used for good: the purchase may have reached IdentityCall unanswered."""
    token.outcome = PurchaseToken.UNCERTAIN
    token.save(update_fields=["outcome"])


def earlier_attempt(user, phone_number):
    """Return the user's latest used token for this number (bought, in flight or unanswered)."""
    return (
        PurchaseToken.objects.filter(user=user, phone_number=phone_number, used_at__isnull=False)
        .order_by("-used_at", "-pk")
        .first()
    )


def _forget_stale(user) -> None:
    """Delete the user's unused tokens that expired more than a day ago."""
    cutoff = timezone.now() - LIFETIME - timedelta(days=1)
    PurchaseToken.objects.filter(user=user, used_at__isnull=True, created_at__lt=cutoff).delete()
