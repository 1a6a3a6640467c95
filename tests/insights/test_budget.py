"""The index's share of the rate limit: never more than INDEX_REQUESTS_PER_MINUTE requests in any
60 seconds, whichever workers spend it."""

from apps.index.budget import take

FP = "f" * 40


def sent_per_minute(settings, per_minute, tries_per_second):
    """Try to spend a request `tries_per_second` times a second for five minutes (a made-up
    clock); return the most requests any 60-second stretch let through."""
    settings.INDEX_REQUESTS_PER_MINUTE = per_minute
    sent = []
    steps = 300 * tries_per_second
    for step in range(steps):
        now = 1_000_000.0 + step / tries_per_second
        if take(FP, now=now) == 0:
            sent.append(now)
    return max(sum(1 for t in sent if start <= t < start + 60) for start in sent), len(sent)


def test_no_minute_holds_more_requests_than_the_budget(settings):
    most, total = sent_per_minute(settings, 30, tries_per_second=20)
    assert most <= 30
    assert total >= 5 * 27  # and the budget is used, not starved


def test_a_smaller_budget_is_kept_too(settings):
    most, _ = sent_per_minute(settings, 6, tries_per_second=10)
    assert most <= 6


def test_a_refused_take_says_how_long_to_wait_and_spends_nothing(settings):
    settings.INDEX_REQUESTS_PER_MINUTE = 30
    now = 2_000_000.0
    assert take(FP, 3, now=now) == 0
    wait = take(FP, 1, now=now)
    assert 0 < wait <= 60 * 3 / 27
    assert take(FP, 3, now=now + wait) == 0  # the next window holds all three again
