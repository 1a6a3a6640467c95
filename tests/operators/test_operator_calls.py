"""An operator's recent calls: the calls of the numbers they answer, newest first, with status,
duration and summary; loaded after the operator's page so it never waits for them."""

from django.urls import reverse

from tests.factories import BASE
from tests.operators.conftest import operator_json

CALLS = reverse("operators:calls", args=[22])
HTMX = {"HTTP_HX_REQUEST": "true"}


def call_json(id, at, status="answered", seconds=213, summary="Asked about <b>pricing</b>."):
    return {"id": id, "phone_number": "+14155550142", "caller_name": "Sam Caller",
            "call_status": status, "call_duration": seconds, "direction": "inbound",
            "ai_handled": False, "transcript_summary": summary, "created_at": at}


def number_detail(id, phone, name, calls):
    return {"data": {"id": id, "phone_number": phone, "name": name, "country_code": "US",
                     "routing_strategy": "priority", "operators": [], "recent_calls": calls}}


def two_numbers(upstream):
    numbers = [
        {"id": 9, "phone_number": "+12015550123", "name": "US Sales Line", "active": True},
        {"id": 10, "phone_number": "+12015550199", "name": "Support", "active": True},
    ]
    upstream.get(BASE + "/operators/22", json={"data": operator_json(virtual_numbers=numbers)})
    return numbers


def test_calls_of_every_number_are_merged_newest_first(keyed, upstream):
    two_numbers(upstream)
    upstream.get(BASE + "/virtual_numbers/9", json=number_detail(9, "+12015550123", "US Sales Line", [
        call_json(1, "2026-04-15T10:00:00Z"), call_json(2, "2026-04-13T10:00:00Z", "missed", 0, None),
    ]))
    upstream.get(BASE + "/virtual_numbers/10", json=number_detail(10, "+12015550199", "Support", [
        call_json(3, "2026-04-14T09:30:00Z", seconds=75),
    ]))

    response = keyed.get(CALLS, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="operator-calls"')
    when = [html.index(day) for day in ("15 Apr 2026, 10:00 UTC", "14 Apr 2026, 09:30 UTC",
                                        "13 Apr 2026, 10:00 UTC")]
    assert when == sorted(when)
    assert "3:33" in html and "1:15" in html and "0:00" in html
    assert ">Answered<" in html and ">Missed<" in html
    assert "Asked about &lt;b&gt;pricing&lt;/b&gt;." in html
    assert "+1 201-555-0199 · Support" in html
    assert "does not say which operator took a call" in html


def test_a_number_that_cannot_be_read_is_named_and_the_others_still_show(keyed, upstream):
    two_numbers(upstream)
    upstream.get(BASE + "/virtual_numbers/9", status=503, json={"error": "down"})
    upstream.get(BASE + "/virtual_numbers/10", json=number_detail(10, "+12015550199", "Support", [
        call_json(3, "2026-04-14T09:30:00Z"),
    ]))

    html = keyed.get(CALLS).content.decode()

    assert "Not read: +1 201-555-0123 · US Sales Line:" in html
    assert "14 Apr 2026, 09:30 UTC" in html
    assert "Back to Aldona Petrauskaitė" in html  # without JavaScript: a page of its own


def test_the_operator_page_loads_the_calls_after_itself(keyed, upstream):
    two_numbers(upstream)
    upstream.get(BASE + "/virtual_numbers", json={"data": []})

    html = keyed.get(reverse("operators:detail", args=[22])).content.decode()

    assert f'hx-get="{CALLS}" hx-trigger="load"' in html
    assert f'<a href="{CALLS}">See the recent calls</a>' in html
    assert all("/virtual_numbers/" not in call.request.url for call in upstream.calls)
