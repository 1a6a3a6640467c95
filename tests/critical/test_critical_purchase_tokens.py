"""A purchase token buys at most once, told without thread timing: the row is changed between
loading the token and claiming it, as a concurrent request would (purchase_tokens.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from apps.identitycall.resources import AvailableNumber
from apps.virtual_numbers import purchase_tokens as tokens
from apps.virtual_numbers.models import PurchaseToken
from tests.factories import make_user
from tests.virtual_numbers.builders import offer_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    return AvailableNumber.from_api(offer_json())


def test_a_claim_that_lost_the_race_after_loading_the_token_does_not_buy(user, offer):
    token = tokens.issue(user, offer, "mobile")
    loaded = tokens.find(token.token)  # this request's copy: still fresh
    # Another request claims the same row between this one's load and its UPDATE.
    PurchaseToken.objects.filter(pk=token.pk).update(used_at=timezone.now())

    assert tokens.state_of(loaded, user) == tokens.FRESH
    assert tokens.claim(loaded, user) == tokens.IN_PROGRESS
    assert loaded.used_at is not None  # it now sees the winner's claim


def test_a_claim_that_lost_to_a_finished_purchase_reports_the_number_bought(user, offer):
    token = tokens.issue(user, offer, "mobile")
    loaded = tokens.find(token.token)
    PurchaseToken.objects.filter(pk=token.pk).update(used_at=timezone.now(), number_id=42,
                                                     outcome="bought")

    assert tokens.claim(loaded, user) == tokens.BOUGHT
    assert loaded.number_id == 42


def test_the_claim_that_wins_marks_the_token_used(user, offer):
    token = tokens.issue(user, offer, "mobile")

    assert tokens.claim(token, user) == tokens.CLAIMED
    stored = PurchaseToken.objects.get(pk=token.pk)
    assert stored.used_at is not None and stored.used_at == token.used_at


def test_a_token_that_expired_between_loading_and_claiming_is_not_claimed(user, offer):
    token = tokens.issue(user, offer, "mobile")
    later = token.created_at + tokens.LIFETIME + timedelta(seconds=1)
    with mock.patch.object(tokens.timezone, "now", return_value=later):
        assert tokens.claim(token, user) == tokens.EXPIRED
    assert PurchaseToken.objects.get(pk=token.pk).used_at is None


def test_a_token_claimed_by_another_user_is_foreign_and_stays_unused(user, offer):
    token = tokens.issue(user, offer, "mobile")
    other = make_user("mallory")

    assert tokens.claim(token, other) == tokens.FOREIGN
    assert PurchaseToken.objects.get(pk=token.pk).used_at is None


def test_a_token_is_fresh_until_the_last_moment_of_its_lifetime(user, offer):
    token = tokens.issue(user, offer, "mobile")
    created = token.created_at

    assert tokens.state_of(token, user, now=created + tokens.LIFETIME - timedelta(seconds=1)) \
        == tokens.FRESH
    assert tokens.state_of(token, user, now=created + tokens.LIFETIME) == tokens.EXPIRED


def test_an_attempt_in_flight_turns_uncertain_exactly_at_the_limit(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    used = token.used_at

    assert tokens.state_of(token, user, now=used + tokens.IN_FLIGHT_LIMIT - timedelta(seconds=1)) \
        == tokens.IN_PROGRESS
    assert tokens.state_of(token, user, now=used + tokens.IN_FLIGHT_LIMIT) == tokens.UNCERTAIN


def test_stale_bought_tokens_are_kept_so_a_late_replay_still_learns_what_happened(user, offer):
    bought = tokens.issue(user, offer, "mobile")
    tokens.claim(bought, user)
    tokens.complete(bought, 42)
    unanswered = tokens.issue(user, offer, "mobile")
    tokens.claim(unanswered, user)
    stale_unused = tokens.issue(user, offer, "mobile")
    two_days_ago = timezone.now() - timedelta(days=2)
    PurchaseToken.objects.update(created_at=two_days_ago)

    tokens.issue(user, offer, "mobile")

    assert tokens.find(stale_unused.token) is None
    assert tokens.state_of(tokens.find(bought.token), user) == tokens.BOUGHT
    assert tokens.find(unanswered.token) is not None
    assert tokens.earlier_attempt(user, offer.phone_number).pk == unanswered.pk


def test_unused_tokens_are_kept_for_a_day_after_they_expire(user, offer):
    recent = tokens.issue(user, offer, "mobile")
    PurchaseToken.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - tokens.LIFETIME - timedelta(hours=23))
    others = tokens.issue(make_user("bob"), offer, "mobile")
    PurchaseToken.objects.filter(pk=others.pk).update(
        created_at=timezone.now() - timedelta(days=3))

    tokens.issue(user, offer, "mobile")

    assert tokens.find(recent.token) is not None
    assert tokens.find(others.token) is not None  # only the issuing user's tokens are cleaned


def test_the_offer_kept_with_a_token_is_the_one_confirmed_with_its_number_type(user, offer):
    token = tokens.issue(user, offer, "local")
    plain = tokens.issue(user, offer, "")

    assert token.offer["number_type"] == "local"
    assert plain.offer["number_type"] == offer.number_type
    assert tokens.offer_of(tokens.find(token.token)).phone_number == offer.phone_number


def test_a_replay_waits_for_the_attempt_in_flight_and_reports_its_outcome(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    naps = []

    def nap(seconds):  # the first attempt finishes while the replay waits
        naps.append(seconds)
        tokens.complete(tokens.find(token.token), 7)

    with mock.patch.object(tokens.time, "sleep", nap):
        assert tokens.wait_for_outcome(tokens.find(token.token), user) == tokens.BOUGHT
    assert naps == [0.2]


def test_a_replay_gives_up_after_its_deadline(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    clock = iter(range(0, 100))

    with mock.patch.object(tokens.time, "monotonic", lambda: float(next(clock))), \
            mock.patch.object(tokens.time, "sleep") as nap:
        assert tokens.wait_for_outcome(token, user) == tokens.IN_PROGRESS
    # Started at 0 with a 5-second deadline: looked again at 1, 2, 3, 4, then stopped.
    assert nap.call_count == 4


def test_a_release_makes_the_token_claimable_and_uncertain_keeps_it_used(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    tokens.release(token)
    assert PurchaseToken.objects.get(pk=token.pk).used_at is None
    assert tokens.claim(tokens.find(token.token), user) == tokens.CLAIMED

    tokens.mark_uncertain(token)
    assert tokens.state_of(tokens.find(token.token), user) == tokens.UNCERTAIN


def test_the_latest_earlier_attempt_is_reported(user, offer):
    first = tokens.issue(user, offer, "mobile")
    tokens.claim(first, user)
    second = tokens.issue(user, offer, "mobile")
    tokens.claim(second, user)
    PurchaseToken.objects.filter(pk=second.pk).update(used_at=first.used_at)  # the same moment

    assert tokens.earlier_attempt(user, offer.phone_number).pk == second.pk
    assert tokens.earlier_attempt(user, "+15550000000") is None
    assert tokens.earlier_attempt(make_user("bob"), offer.phone_number) is None


@pytest.mark.parametrize("value", ["", None, "x" * 65])
def test_an_empty_or_oversized_value_finds_nothing_without_a_query(value, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert tokens.find(value) is None


def test_a_value_of_the_largest_size_is_looked_up(user, offer, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert tokens.find("x" * 64) is None


def test_the_attempt_used_last_is_reported_whatever_order_the_tokens_were_issued_in(user, offer):
    issued_first = tokens.issue(user, offer, "mobile")
    issued_second = tokens.issue(user, offer, "mobile")
    tokens.claim(issued_second, user)
    tokens.claim(issued_first, user)
    PurchaseToken.objects.filter(pk=issued_first.pk).update(
        used_at=issued_second.used_at + timedelta(seconds=5))

    assert tokens.earlier_attempt(user, offer.phone_number).pk == issued_first.pk


def test_an_unused_token_is_no_earlier_attempt(user, offer):
    tokens.issue(user, offer, "mobile")

    assert tokens.earlier_attempt(user, offer.phone_number) is None


def test_release_and_uncertain_change_only_their_own_field_of_a_stale_copy(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    stale = tokens.find(token.token)
    # Meanwhile the first attempt's answer arrived through another process.
    PurchaseToken.objects.filter(pk=token.pk).update(number_id=42, outcome="bought")

    tokens.mark_uncertain(stale)
    tokens.release(stale)

    stored = PurchaseToken.objects.get(pk=token.pk)
    assert stored.number_id == 42  # not overwritten by the stale copy
    assert (stored.used_at, stored.outcome) == (None, PurchaseToken.UNCERTAIN)


def test_claiming_one_token_leaves_the_users_other_tokens_fresh(user, offer):
    first = tokens.issue(user, offer, "mobile")
    second = tokens.issue(user, offer, "mobile")

    assert tokens.claim(first, user) == tokens.CLAIMED
    assert PurchaseToken.objects.get(pk=second.pk).used_at is None
    assert tokens.state_of(tokens.find(second.token), user) == tokens.FRESH


def test_a_token_whose_row_expired_after_it_was_loaded_is_not_claimed(user, offer):
    token = tokens.issue(user, offer, "mobile")
    loaded = tokens.find(token.token)
    PurchaseToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - tokens.LIFETIME - timedelta(seconds=1))

    assert tokens.claim(loaded, user) == tokens.EXPIRED
    assert PurchaseToken.objects.get(pk=token.pk).used_at is None


def test_completing_records_the_number_and_leaves_the_claim_of_a_stale_copy(user, offer):
    stale = tokens.issue(user, offer, "mobile")  # loaded before the claim below
    tokens.claim(tokens.find(stale.token), user)

    tokens.complete(stale, 7)

    stored = PurchaseToken.objects.get(pk=stale.pk)
    assert (stored.number_id, stored.outcome) == (7, "bought")
    assert stored.used_at is not None  # the claim made elsewhere is kept


def test_a_replay_waits_only_as_long_as_it_is_told(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    clock = iter(range(0, 100))

    with mock.patch.object(tokens.time, "monotonic", lambda: float(next(clock))), \
            mock.patch.object(tokens.time, "sleep") as nap:
        assert tokens.wait_for_outcome(token, user, seconds=2) == tokens.IN_PROGRESS
    assert nap.call_count == 1  # started at 0, looked again at 1, stopped at 2


def test_an_unused_token_expired_just_under_a_day_ago_is_kept(user, offer):
    token = tokens.issue(user, offer, "mobile")
    PurchaseToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=5))  # expired 1 day - 10 min ago

    tokens.issue(user, offer, "mobile")

    assert tokens.find(token.token) is not None
