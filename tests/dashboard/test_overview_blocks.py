"""The overview: a frame asking IdentityCall nothing, and blocks that each load on their own."""

import re
from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from responses import matchers

from apps.accounts import key_access
from apps.accounts.key_probe import Known
from apps.audit.models import AuditEvent
from apps.dashboard.blocks import INACTIVE, NOBODY, NOBODY_ACTIVE
from tests.factories import BASE, make_user

HTMX = {"HX-Request": "true"}
BLOCK_URLS = {
    "uploads": "/overview/uploads/",
    "failed": "/overview/failed/",
    "queue": "/overview/queue/",
    "numbers": "/overview/numbers/",
    "counts": "/overview/counts/",
}


def recording(ref, status, *, name=None, minutes_ago=1, duration_ms=120_000):
    created = (timezone.now() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"public_id": ref, "name": name or f"Call {ref}", "status": status,
            "created_at": created, "duration_ms": duration_ms}


def listed(upstream, status, items, total=None):
    body = {"data": items, "meta": {"current_page": 1, "per_page": 5, "total_pages": 1,
                                    "total_count": len(items) if total is None else total}}
    upstream.get(f"{BASE}/recordings", json=body, match=[
        matchers.query_param_matcher({"status": status}, strict_match=False)
    ])


def uploaded(user, ref, *, filename="call.mp3", error="", days_ago=0):
    return AuditEvent.objects.create(
        user=user, username=user.username, action="recording.upload", resource_type="recording",
        resource_id=ref, status=201 if not error else 500, error=error,
        detail={"filename": filename, "size": 10},
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def block(keyed, name):
    response = keyed.get(BLOCK_URLS[name], headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_the_overview_page_asks_identitycall_nothing_and_loads_each_block_on_its_own(
    keyed, upstream
):
    response = keyed.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    # A slow IdentityCall never holds the page itself.
    assert len(upstream.calls) == 0, [call.request.url for call in upstream.calls]
    for url in BLOCK_URLS.values():
        # Loaded after the page with htmx; without JavaScript, a link to the block's own page.
        assert f'hx-get="{url}" hx-trigger="load"' in html
        assert f'<a href="{url}">' in html


@pytest.mark.parametrize("failure", [
    {"status": 500, "json": {"error": "boom"}},
    {"body": requests.ReadTimeout("no answer")},
], ids=["500", "timeout"])
def test_a_failing_block_says_so_alone_and_the_others_still_render(keyed, upstream, failure):
    upstream.get(f"{BASE}/virtual_numbers", **failure)
    upstream.get(f"{BASE}/operators", json={"data": []})
    listed(upstream, "failed", [recording("f1", "failed")])
    listed(upstream, "pending", [recording("p1", "pending")])
    listed(upstream, "processing", [])

    numbers = block(keyed, "numbers")
    failed = block(keyed, "failed")
    queue = block(keyed, "queue")

    assert "IdentityCall is unreachable right now." in numbers
    assert 'hx-get="/overview/numbers/"' in numbers  # Try again, in place
    assert 'href="/recordings/f1/"' in failed
    assert 'href="/recordings/p1/"' in queue


def test_my_uploads_show_their_status_now_with_an_estimated_finish(keyed, user, upstream):
    uploaded(user, "u1", filename="monday.mp3")
    uploaded(user, "u2")
    uploaded(make_user("grace"), "theirs")  # someone else's upload is not mine
    fresh = recording("u1", "processing", minutes_ago=0)
    upstream.get(f"{BASE}/recordings/u1", json={"data": fresh})
    upstream.get(f"{BASE}/recordings/u2", json={"data": recording("u2", "completed")})

    html = block(keyed, "uploads")

    assert 'href="/recordings/u1/"' in html and 'href="/recordings/u2/"' in html
    assert "theirs" not in html
    assert "badge--processing" in html and "badge--completed" in html
    assert "Typically done by" in html  # two minutes of audio: typically done within a minute
    assert 'hx-trigger="every 15s"' in html  # live while anything processes


def test_an_upload_past_its_usual_time_says_so_and_a_finished_list_stops_polling(
    keyed, user, upstream
):
    uploaded(user, "slow")
    upstream.get(f"{BASE}/recordings/slow",
                 json={"data": recording("slow", "pending", minutes_ago=30)})
    assert "Taking longer than usual" in block(keyed, "uploads")

    upstream.replace("GET", f"{BASE}/recordings/slow", json={"data": recording("slow", "failed")})
    assert "hx-trigger" not in block(keyed, "uploads")


def test_an_upload_gone_from_identitycall_says_so_and_failed_or_old_uploads_are_left_out(
    keyed, user, upstream
):
    uploaded(user, "gone", filename="gone.mp3")
    uploaded(user, "broken", error="UpstreamTimeout")
    uploaded(user, "old", days_ago=30)
    upstream.get(f"{BASE}/recordings/gone", status=404, json={"error": "Resource not found"})

    html = block(keyed, "uploads")

    assert "gone.mp3" in html and "Not in IdentityCall any more" in html
    assert "broken" not in html and "/recordings/old/" not in html


def test_failed_recordings_link_to_their_page_and_a_read_only_key_is_told_why(
    keyed, user, upstream
):
    listed(upstream, "failed", [recording("f1", "failed", name="<b>bad</b>")], total=12)

    html = block(keyed, "failed")
    assert "12 failed. Open one to retry it." in html
    assert "&lt;b&gt;bad&lt;/b&gt;" in html  # upstream text is escaped
    assert 'href="/recordings/?status=failed">All 12 failed recordings' in html

    key_access.remember(user.api_key.fingerprint, Known(read=True, write=False))
    assert "read-only: it does not have write permission" in block(keyed, "failed")


def test_the_queue_shows_processing_and_pending_with_totals(keyed, upstream):
    listed(upstream, "processing", [recording("a", "processing")], total=3)
    listed(upstream, "pending", [recording("b", "pending")], total=9)

    html = block(keyed, "queue")

    assert "3 processing" in html and "9 pending" in html
    assert 'href="/recordings/a/"' in html and 'href="/recordings/b/"' in html
    assert 'hx-trigger="every 15s"' in html


def test_an_empty_queue_says_so_and_does_not_poll(keyed, upstream):
    listed(upstream, "processing", [])
    listed(upstream, "pending", [])
    html = block(keyed, "queue")
    assert "Nothing is waiting" in html and "hx-trigger" not in html


def number(number_id, *, active=True, operators=(), count=None, ai=False):
    refs = [{"id": op, "name": f"Op {op}", "initials": "OP"} for op in operators]
    return {"id": number_id, "phone_number": f"+1555100{number_id:04d}",
            "name": f"Line {number_id}", "active": active, "ai_receptionist_enabled": ai,
            "operators": refs[:3], "operators_count": len(refs) if count is None else count}


def test_numbers_that_are_inactive_or_reach_nobody_are_listed(keyed, upstream):
    upstream.get(f"{BASE}/virtual_numbers", json={"data": [
        number(1, active=False, operators=[10]),
        number(2),  # nobody attached
        number(3, operators=[11]),  # only an inactive operator
        number(4, operators=[10, 11]),  # one active: fine
        number(5, ai=True),  # the AI receptionist answers
        number(6, operators=[99]),  # an operator the key cannot see: not claimed as nobody
        number(7, operators=[11, 12, 13, 10], count=4),  # the fourth (active) needs the detail
    ]})
    upstream.get(f"{BASE}/operators", json={"data": [
        {"id": 10, "name": "Ann", "active": True}, {"id": 11, "name": "Bo", "active": False},
        {"id": 12, "name": "Cy", "active": False}, {"id": 13, "name": "Di", "active": False},
    ]})
    upstream.get(f"{BASE}/virtual_numbers/7", json={"data": {
        "id": 7, "operators": [{"id": op, "priority": n} for n, op in enumerate([11, 12, 13, 10])]
    }})

    html = block(keyed, "numbers")

    shown = dict(re.findall(r'href="/numbers/(\d+)/".*?track__state">([^<]+)<', html, re.S))
    assert shown == {"1": INACTIVE, "2": NOBODY, "3": NOBODY_ACTIVE}


def test_without_javascript_a_block_is_a_page_of_its_own(keyed, upstream):
    listed(upstream, "failed", [])
    response = keyed.get(BLOCK_URLS["failed"])
    html = response.content.decode()
    assert '<h1 class="page__title">Failed recordings</h1>' in html
    assert "No failed recordings." in html
    assert 'href="/">Back to the overview' in html


def test_a_read_only_key_is_not_offered_upload_on_the_overview(keyed, user):
    html = keyed.get("/").content.decode()
    assert '<a class="btn btn--primary" href="/recordings/upload/">Upload recordings</a>' in html

    key_access.remember(user.api_key.fingerprint, Known(read=True, write=False))

    html = keyed.get("/").content.decode()
    assert 'disabled aria-describedby="overview-refusal">Upload recordings</button>' in html
    assert "Your API key is read-only: it does not have write permission." in html


def test_goal_attainment_this_week_loads_from_the_index_on_its_own(keyed):
    html = keyed.get("/").content.decode()
    assert "Goal attainment this week" in html
    # Loaded like the other blocks; without JavaScript the link opens Insights for this week.
    assert 'id="block-goals" hx-get="/insights/week/" hx-trigger="load"' in html
    assert 'href="/insights/week/">Show this week’s goal attainment</a>' in html
