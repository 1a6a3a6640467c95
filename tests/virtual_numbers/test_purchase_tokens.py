"""One-time purchase tokens: claimed once, bound to a user, valid for 15 minutes."""

import threading
from datetime import timedelta

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


def test_issue_binds_a_random_token_to_the_user_and_the_offer(user, offer):
    token = tokens.issue(user, offer, "mobile")
    other = tokens.issue(user, offer, "mobile")

    assert token.token != other.token and len(token.token) >= 40
    assert token.user == user and token.phone_number == "+14155550123"
    assert tokens.offer_of(token) == offer
    assert tokens.state_of(token, user) == tokens.FRESH


def test_a_token_is_claimed_once_and_then_reports_the_attempt_in_flight(user, offer):
    token = tokens.issue(user, offer, "mobile")

    assert tokens.claim(token, user) == tokens.CLAIMED
    assert tokens.claim(tokens.find(token.token), user) == tokens.IN_PROGRESS


def test_a_completed_token_reports_the_number_it_bought(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    tokens.complete(token, 31)

    again = tokens.find(token.token)
    assert tokens.claim(again, user) == tokens.BOUGHT
    assert again.number_id == 31
    assert tokens.earlier_attempt(user, "+14155550123") == again


def test_another_users_token_cannot_be_claimed(user, offer):
    token = tokens.issue(user, offer, "mobile")
    stranger = make_user("mallory")

    assert tokens.claim(token, stranger) == tokens.FOREIGN
    assert tokens.find(token.token).used_at is None


def test_a_token_expires_after_fifteen_minutes(user, offer):
    token = tokens.issue(user, offer, "mobile")
    PurchaseToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - timedelta(minutes=15, seconds=1)
    )

    assert tokens.claim(tokens.find(token.token), user) == tokens.EXPIRED
    assert tokens.find(token.token).used_at is None


def test_an_unknown_or_oversized_token_is_unknown(user):
    assert tokens.find("nope") is None
    assert tokens.find("x" * 65) is None
    assert tokens.state_of(None, user) == tokens.UNKNOWN


def test_a_released_token_can_be_claimed_again(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    tokens.release(token)

    assert tokens.claim(tokens.find(token.token), user) == tokens.CLAIMED


def test_an_unanswered_attempt_stays_used_and_uncertain(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    tokens.mark_uncertain(token)

    assert tokens.claim(tokens.find(token.token), user) == tokens.UNCERTAIN


def test_an_attempt_in_flight_for_too_long_counts_as_uncertain(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    PurchaseToken.objects.filter(pk=token.pk).update(used_at=timezone.now() - timedelta(minutes=3))

    assert tokens.state_of(tokens.find(token.token), user) == tokens.UNCERTAIN


@pytest.mark.django_db(transaction=True)  # the finishing thread has its own connection
def test_waiting_for_an_attempt_in_flight_returns_its_outcome(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)
    finisher = threading.Timer(0.3, tokens.complete, args=(tokens.find(token.token), 7))
    finisher.start()

    assert tokens.wait_for_outcome(tokens.find(token.token), user, seconds=3) == tokens.BOUGHT
    finisher.join()


def test_waiting_gives_up_and_reports_in_progress(user, offer):
    token = tokens.issue(user, offer, "mobile")
    tokens.claim(token, user)

    assert tokens.wait_for_outcome(token, user, seconds=0.3) == tokens.IN_PROGRESS


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_of_one_token_let_exactly_one_win(user, offer):
    token = tokens.issue(user, offer, "mobile")
    barrier = threading.Barrier(4)
    outcomes = []

    def attempt():
        barrier.wait()
        outcomes.append(tokens.claim(tokens.find(token.token), user))

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [tokens.CLAIMED] + [tokens.IN_PROGRESS] * 3


def test_stale_unused_tokens_are_forgotten_when_new_ones_are_issued(user, offer):
    old = tokens.issue(user, offer, "mobile")
    PurchaseToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))

    tokens.issue(user, offer, "mobile")

    assert tokens.find(old.token) is None
