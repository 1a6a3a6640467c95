"""A hostile or broken Retry-After header never breaks the page: it falls back to 60 seconds."""

import pytest

from apps.identitycall import errors


@pytest.mark.parametrize("header", ["²", "٣٠", "9" * 5000, "1" * 10])
def test_odd_retry_after_values_fall_back_to_the_default(header):
    assert errors.retry_after_seconds(header) == errors.DEFAULT_RETRY_AFTER


def test_plain_seconds_are_read():
    assert errors.retry_after_seconds(" 17 ") == 17

