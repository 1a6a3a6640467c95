"""Calls per page: every GET screen asks IdentityCall at most its budgeted number of times.

A person waits for every upstream call a page makes (README "Calls per page"). Each screen is
opened with an empty cache (the worst case: a key's first view) against a fake IdentityCall whose
lists are long (LONG items, projects without counts), and the calls it made are counted the way
the benchmark's page-overhead rows count them (bench/run.py: one per upstream request). A screen
that reads a list IdentityCall pages makes one more call per further page of it: with paging on
(20 a page with `meta`, as the sandbox's SANDBOX_PAGINATE_LISTS) each list read costs PAGES calls,
so the budget there is the screen's budget plus (PAGES - 1) per list it reads. Later views cost
less: the projects and operators lists are kept per key for a minute, a project's counts for five.
"""

import json
import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from tests.factories import BASE
from tests.security.fake_world import REF
from tests.security.fake_world import _bodies as fake_bodies  # the sweep's answer to every read

LONG = 45  # items in each long list: more than two pages of 20
PAGES = math.ceil(LONG / 20)

# screen → (console path, htmx request?, budget of upstream calls, lists it reads).
# Lists: P projects, O operators, N virtual numbers, A available numbers.
BUDGETS = {
    # The overview's frame asks nothing; each block is its own request (apps/dashboard/views.py).
    "dashboard": ("/", False, 0, ""),
    "dashboard: counts": ("/overview/counts/", True, 7, "PON"),
    "dashboard: my uploads": ("/overview/uploads/", True, 0, ""),  # none audited in the sweep
    "dashboard: failed": ("/overview/failed/", True, 1, ""),
    "dashboard: queue": ("/overview/queue/", True, 2, ""),
    "dashboard: numbers": ("/overview/numbers/", True, 2, "ON"),
    "recordings list": ("/recordings/", False, 2, "P"),
    "recording detail": (f"/recordings/{REF}/", False, 5, "P"),
    # The recording, its transcript and summary (who the speakers are), the numbers (candidates).
    "rename speakers": (f"/recordings/{REF}/speakers/", False, 4, "N"),
    "upload form": ("/recordings/upload/", False, 1, "P"),
    "projects list": ("/projects/", False, 1, "P"),
    "projects list: one row's counts": ("/projects/1/?part=counts", True, 1, ""),
    "project detail": ("/projects/42/", False, 1, ""),
    "project edit": ("/projects/42/edit/", False, 1, ""),
    "project delete": ("/projects/42/delete/", False, 1, ""),
    "operators list": ("/operators/", False, 1, "O"),
    "operator detail": ("/operators/22/", False, 2, "N"),
    "operator edit": ("/operators/22/edit/", False, 1, ""),
    "numbers list": ("/numbers/", False, 1, "N"),
    "number detail": ("/numbers/9/", False, 1, ""),
    "number edit": ("/numbers/9/edit/", False, 1, ""),
    "available numbers": ("/numbers/available/?country=US&number_type=mobile", False, 1, "A"),
    "activity": ("/settings/activity/", False, 0, ""),
    "api key page": ("/settings/api-key/", False, 0, ""),
    "kept audio": ("/recordings/kept-audio/", False, 0, ""),
    "recordings list: your uploads in progress": ("/recordings/uploads/", True, 0, ""),
    "notifications": ("/notifications/", False, 0, ""),
    "notifications: the bell's refresh": ("/notifications/bell/", True, 0, ""),
    # Settings pages about the console's own accounts ask IdentityCall nothing.
    "sessions": ("/settings/sessions/", False, 0, ""),
    "two-factor": ("/settings/two-factor/", False, 0, ""),
    "two-factor code step": ("/accounts/two-factor/", False, 0, ""),
    "team": ("/settings/team/", False, 0, ""),
    # The operator (which numbers they answer), then the recent calls of each (at most 5 read).
    "operator's recent calls": ("/operators/22/calls/", True, 6, ""),
    # The index's pages read the console's own tables (an empty index names no projects).
    "search": ("/search/", False, 1, ""),
    "insights": ("/insights/", False, 1, ""),
    "compare": ("/compare/", False, 0, ""),
    "overview: goal attainment this week": ("/insights/week/", True, 0, ""),
    "notifications: e-mail preference": ("/notifications/email/", False, 0, ""),
}
LIST_PATHS = {
    "P": "/projects",
    "O": "/operators",
    "N": "/virtual_numbers",
    "A": "/virtual_numbers/available",
}
ITEMS = {
    "/projects": lambda n: {"id": n, "name": f"Project {n:02d}", "language": "en"},
    "/operators": lambda n: {"id": n, "name": f"Operator {n:02d}",
                             "phone_number": f"+1415555{n:04d}", "active": True},
    "/virtual_numbers": lambda n: {"id": 100 + n, "phone_number": f"+1201555{n:04d}",
                                   "name": f"Line {n:02d}", "country_code": "US"},
    "/virtual_numbers/available": lambda n: {"phone_number": f"+1415666{n:04d}",
                                             "country_code": "US", "number_type": "mobile"},
}


def fake_identitycall(upstream, *, paged):
    """Answer every read: the four lists with LONG items (one array, or 20 a page with `meta`
    when paged), everything else with the security sweep's plain bodies; writes are refused."""
    others = [(re.compile(pattern + "$"), body) for pattern, body in fake_bodies("Budget")]

    def answer(request):
        parts = urlsplit(request.url)
        path = parts.path.removeprefix(urlsplit(BASE).path)
        if path in ITEMS:
            return ok(listed(path, parse_qs(parts.query), paged=paged))
        for pattern, body in others:
            if pattern.match(path):
                return ok(body)
        return 404, {}, json.dumps({"error": "Resource not found"})

    upstream.add_callback("GET", re.compile(re.escape(BASE) + r"/.*"), callback=answer)


def listed(path, query, *, paged):
    """Return the body of one list request."""
    items = [ITEMS[path](n) for n in range(1, LONG + 1)]
    if not paged:
        return {"data": items}
    page, per_page = int(query.get("page", [1])[-1]), int(query.get("per_page", [20])[-1])
    return {"data": items[(page - 1) * per_page : page * per_page], "meta": {
        "current_page": page, "total_pages": PAGES, "total_count": LONG, "per_page": per_page}}


def ok(body):
    return 200, {"Content-Type": "application/json"}, json.dumps(body)


def calls_of(keyed, upstream, screen):
    """Return the upstream calls one view of `screen` made, starting from an empty cache."""
    path, htmx, _, _ = BUDGETS[screen]
    cache.clear()
    upstream.calls.reset()
    response = keyed.get(path, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 200, (screen, response.status_code)
    return [call.request for call in upstream.calls]


def lists_read(requests):
    """Return the list letters (P, O, N, A) whose first page was asked for, in order."""
    first_pages = [urlsplit(r.url).path.removeprefix(urlsplit(BASE).path) for r in requests
                   if "page=" not in (urlsplit(r.url).query or "")]
    return "".join(sorted(k for k, p in LIST_PATHS.items() if p in first_pages))


@pytest.mark.parametrize("screen", BUDGETS)
def test_a_screen_stays_within_its_call_budget(keyed, upstream, screen):
    fake_identitycall(upstream, paged=False)
    _, _, budget, reads = BUDGETS[screen]

    requests = calls_of(keyed, upstream, screen)

    assert len(requests) <= budget, [r.url.removeprefix(BASE) for r in requests]
    assert lists_read(requests) == "".join(sorted(reads))


@pytest.mark.parametrize("screen", BUDGETS)
def test_with_paged_lists_a_screen_pays_only_one_call_per_further_page(keyed, upstream, screen):
    fake_identitycall(upstream, paged=True)
    _, _, budget, reads = BUDGETS[screen]

    requests = calls_of(keyed, upstream, screen)

    assert len(requests) <= budget + len(reads) * (PAGES - 1), [
        r.url.removeprefix(BASE) for r in requests]


def test_the_projects_list_budget_does_not_grow_with_the_number_of_projects(keyed, upstream):
    fake_identitycall(upstream, paged=False)

    requests = calls_of(keyed, upstream, "projects list")

    assert [urlsplit(r.url).path.removeprefix(urlsplit(BASE).path) for r in requests] == [
        "/projects"]


def test_the_budget_table_covers_every_get_screen_of_the_console():
    from tests.security.fake_world import console_urls

    screens = {path.split("?")[0] for path, *_ in BUDGETS.values()}
    not_screens = {  # writes, partials of a screen above, and downloads
        "accounts:logout", "accounts:api_key_verify", "accounts:api_key_remove",
        "accounts:password_change", "recordings:upload_file", "recordings:rename",
        "recordings:delete", "recordings:status", "recordings:analysis", "recordings:export",
        "recordings:audio", "projects:create", "operators:create", "operators:toggle_active",
        "operators:delete", "operators:attach", "operators:detach",
        "virtual_numbers:purchase_confirm", "virtual_numbers:add_operator",
        "virtual_numbers:remove_operator", "notifications:dismiss", "recordings:upload_queue",
        "recordings:retry_upload", "recordings:dismiss_upload", "recordings:clear_sent_uploads",
        "recordings:selection", "recordings:export_selection", "virtual_numbers:reorder_operators",
        "accounts:two_factor_codes", "accounts:two_factor_off", "accounts:session_end",
        "audit:activity_csv", "team:invite", "team:revoke", "team:role", "team:active",
        "team:password_reset", "team:end_sessions", "team:reset_2fa", "insights:sync",
        "insights:insights_csv",
        # Open only on a failed recording / with a selection (else they redirect): their calls
        # are counted in tests/recordings/test_retry_failed_recording.py and test_triage_list.py.
        "recordings:retry", "recordings:bulk_delete",
    }
    missing = [name for name, path in console_urls()
               if name not in not_screens and path not in screens]

    assert missing == []
