"""A 429 whose Retry-After is a Unicode digit reads as a plain sentence, never a 500."""

from tests.factories import BASE


def test_a_429_with_a_unicode_digit_header_is_a_plain_sentence_not_a_500(keyed, upstream):
    upstream.get(f"{BASE}/projects", status=429, headers={"Retry-After": "²"}, json={})

    page = keyed.get("/projects/")

    assert page.status_code == 429
    assert "try again in 60 seconds" in page.content.decode()
