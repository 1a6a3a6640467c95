"""The overview's counts: what the key reaches, asking IdentityCall seven times at once."""

import json
import re
import threading

import requests
from django.urls import resolve
from responses import matchers

from tests.factories import (
    BASE,
    KEY,
    numbers_body,
    operators_body,
    projects_body,
    recordings_page_body,
)

COUNTS = "/overview/counts/"  # the overview's counts block
STATUS_TOTALS = {"pending": 4, "processing": 7, "completed": 123, "failed": 2}


def fake_counts(upstream, *, skip=()):
    """Register every overview call except those named in skip."""
    if "projects" not in skip:
        upstream.get(f"{BASE}/projects", json=projects_body(3))
    if "operators" not in skip:
        upstream.get(f"{BASE}/operators", json=operators_body(5))
    if "numbers" not in skip:
        upstream.get(f"{BASE}/virtual_numbers", json=numbers_body(6))
    for status, total in STATUS_TOTALS.items():
        if status not in skip:
            upstream.get(
                f"{BASE}/recordings",
                json=recordings_page_body(total, status),
                match=[
                    matchers.query_param_matcher(
                        {"status": status, "per_page": "1"}, strict_match=False
                    )
                ],
            )


def card_values(html):
    """Return {label: shown value} from the overview's cards."""
    cards = re.findall(
        r'<li class="stat[^"]*">.*?(?:badge--\w+">)?([A-Z][a-z]+)(?:</span>)?</span>\s*'
        r'<span class="stat__value[^"]*">([^<]+)</span>',
        html,
        flags=re.S,
    )
    return dict(cards)


def test_the_overview_shows_every_count_from_identitycall(keyed, upstream):
    fake_counts(upstream)

    response = keyed.get(COUNTS)

    assert response.status_code == 200
    assert card_values(response.content.decode()) == {
        "Projects": "3",
        "Operators": "5",
        "Numbers": "6",
        "Pending": "4",
        "Processing": "7",
        "Completed": "123",
        "Failed": "2",
    }
    assert len(upstream.calls) == 7
    assert {call.request.headers["Authorization"] for call in upstream.calls} == {f"Bearer {KEY}"}


def test_recording_counts_ask_for_one_item_and_read_the_total(keyed, upstream):
    fake_counts(upstream)
    keyed.get(COUNTS)
    recording_calls = [c for c in upstream.calls if "/recordings" in c.request.url]
    assert len(recording_calls) == 4
    assert all("per_page=1" in c.request.url for c in recording_calls)


def test_each_count_links_to_its_section(keyed, upstream):
    fake_counts(upstream)
    html = keyed.get(COUNTS).content.decode()
    for href in [
        "/projects/",
        "/operators/",
        "/numbers/",
        "/recordings/?status=pending",
        "/recordings/?status=processing",
        "/recordings/?status=completed",
        "/recordings/?status=failed",
    ]:
        assert f'<a class="stat__link" href="{href}">' in html


def test_one_failing_count_marks_only_that_card_unavailable(keyed, upstream):
    fake_counts(upstream, skip={"operators"})
    upstream.get(f"{BASE}/operators", body=requests.ConnectionError("refused"))

    response = keyed.get(COUNTS)

    html = response.content.decode()
    assert response.status_code == 200
    values = card_values(html)
    assert values["Operators"] == "Unavailable"
    assert values["Projects"] == "3" and values["Completed"] == "123"
    assert "IdentityCall is unreachable right now." in html


def test_a_count_the_key_may_not_read_says_so(keyed, upstream):
    fake_counts(upstream, skip={"numbers"})
    upstream.get(f"{BASE}/virtual_numbers", status=403, json={"error": "Read permission required"})
    html = keyed.get(COUNTS).content.decode()
    assert card_values(html)["Numbers"] == "Unavailable"
    assert "Your API key does not have read permission." in html


def test_a_rejected_key_shows_the_key_rejected_page_not_the_cards(keyed, upstream):
    fake_counts(upstream, skip={"failed"})
    upstream.get(f"{BASE}/recordings", status=401, json={"error": "Invalid or expired API key"})

    response = keyed.get(COUNTS)

    html = response.content.decode()
    assert response.status_code == 401
    assert "IdentityCall rejected your API key." in html
    assert "stat__value" not in html


def test_the_seven_calls_run_at_the_same_time(keyed, upstream):
    # Each answer waits until all seven requests are in flight; run one by one, it would time out.
    barrier = threading.Barrier(7, timeout=5)

    def answer(body):
        def callback(request):
            barrier.wait()
            return 200, {"Content-Type": "application/json"}, body

        return callback

    for path, body in [
        ("projects", projects_body(1)),
        ("operators", operators_body(1)),
        ("virtual_numbers", numbers_body(1)),
        ("recordings", recordings_page_body(1)),
    ]:
        upstream.add_callback("GET", f"{BASE}/{path}", callback=answer(json.dumps(body)))

    response = keyed.get(COUNTS)

    assert response.status_code == 200
    assert "Unavailable" not in response.content.decode()


def test_the_overview_is_the_dashboard_home():
    assert resolve("/").view_name == "dashboard:home"
