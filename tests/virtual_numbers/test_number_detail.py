"""One number's page: settings, routing strategy, stats with a chart, routing and recent calls."""

import re

from django.urls import reverse

from tests.virtual_numbers.builders import detail_json, url

DETAIL = reverse("virtual_numbers:detail", args=[9])


def test_detail_shows_the_numbers_settings(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.get(DETAIL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "+1 415-555-0100" in html and "<code>+14155550100</code>" in html
    assert "US Sales Line" in html and "United States" in html
    assert "Active: receives calls" in html and "Calls are recorded" in html
    assert "Rings operators in order until one answers." in html
    assert ">Off<" in html  # AI receptionist
    assert f'href="{reverse("virtual_numbers:edit", args=[9])}"' in html
    assert [call.request.url for call in upstream.calls] == [url("/virtual_numbers/9")]


def test_detail_shows_stats_and_an_answered_versus_missed_bar(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = keyed.get(DETAIL).content.decode()

    assert re.search(r"<dt>Total</dt><dd>40</dd>", html)
    assert re.search(r"<dt>Average length</dt><dd>3:33</dd>", html)
    assert "30 answered and 10 missed (75% answered)" in html
    assert 'class="call-chart__answered" x="0" y="0" width="225.0"' in html
    assert 'class="call-chart__missed" x="225.0" y="0" width="75.0"' in html
    assert "style=" not in html


def test_detail_without_calls_draws_no_chart(keyed, upstream):
    stats = {
        "total_calls": 0,
        "answered_calls": 0,
        "missed_calls": 0,
        "average_duration_seconds": 0,
    }
    upstream.get(
        url("/virtual_numbers/9"), json={"data": detail_json(stats=stats, recent_calls=[])}
    )

    html = keyed.get(DETAIL).content.decode()

    assert (
        "<svg" not in html
        and "No answered or missed calls yet." in html
        and "No calls yet." in html
    )


def test_detail_lists_operators_in_priority_order_with_detach_links(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = keyed.get(DETAIL).content.decode()

    assert html.index("Jane Doe") < html.index("Bo Li")
    assert '<span class="visually-hidden">1. </span><strong>Jane Doe</strong>' in html
    assert '<span class="visually-hidden">2. </span><strong>Bo Li</strong>' in html
    remove = reverse("virtual_numbers:remove_operator", args=[9, 1])
    assert f'href="{remove}" data-dialog-open="detach-1"' in html
    assert f'hx-post="{remove}"' in html


def test_detail_offers_available_operators_and_a_new_one(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = keyed.get(DETAIL).content.decode()

    assert '<option value="22">Greta Hall · +1 415-555-0199</option>' in html
    assert html.count(f'hx-post="{reverse("virtual_numbers:add_operator", args=[9])}"') == 2
    assert '<option value="US" selected>United States (+1)</option>' in html


def test_detail_shows_the_recent_calls_escaped(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    html = keyed.get(DETAIL).content.decode()

    assert "Sam Caller" in html and "+1 415-555-0142" in html
    assert 'badge--call-answered">Answered<' in html
    assert ">3:33<" in html and ">Inbound<" in html
    assert "Asked about &lt;b&gt;pricing&lt;/b&gt;." in html


def test_detail_shows_at_most_ten_recent_calls(keyed, upstream):
    call = detail_json()["recent_calls"][0]
    calls = [{**call, "id": n, "caller_name": f"Caller {n}"} for n in range(12)]
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json(recent_calls=calls)})

    html = keyed.get(DETAIL).content.decode()

    assert "Caller 9<" in html and "Caller 10<" not in html


def test_each_routing_strategy_is_explained(keyed, upstream):
    upstream.get(
        url("/virtual_numbers/9"), json={"data": detail_json(routing_strategy="round_robin")}
    )

    html = keyed.get(DETAIL).content.decode()

    assert (
        "Round robin" in html and "Rotates which operator is rung first for each new call." in html
    )


def test_an_unknown_number_is_the_sections_not_found_page(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), status=404, json={"error": "Resource not found"})

    response = keyed.get(DETAIL)

    html = response.content.decode()
    assert response.status_code == 404
    assert "Number not found" in html
    assert "It may have been deleted, or your API key cannot see it." in html
    assert '<a class="btn btn--primary" href="/numbers/">All numbers</a>' in html
