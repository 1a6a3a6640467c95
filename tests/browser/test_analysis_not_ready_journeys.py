"""Chromium: a completed recording whose results are not ready yet is checked again, in place."""

import pytest
import requests
from playwright.sync_api import expect

from apps.recordings.analysis import not_ready

pytestmark = pytest.mark.django_db(transaction=True)


def completed_ref(live_server, key):
    """Return the ref of a seeded completed recording."""
    answer = requests.get(f"{live_server.url}/sandbox/api/v1/public/recordings",
                          params={"status": "completed", "per_page": 5},
                          headers={"Authorization": f"Bearer {key}"}, timeout=10)
    return answer.json()["data"][0]["public_id"]


def results_not_ready(ref, times):
    """Make the sandbox answer 404 to the recording's results the next `times` times."""
    from apps.sandbox.models import Fault

    Fault.objects.create(route=f"/recordings/{ref}/results", status=404, remaining=times)


def test_results_not_ready_at_first_appear_in_place_once_ready(signed_in, sandbox, live_server):
    page = signed_in
    ref = completed_ref(live_server, sandbox["full"])
    results_not_ready(ref, times=2)  # the page, then the first check 2 s later

    page.goto(f"/recordings/{ref}/")
    results = page.locator("#results")
    expect(results).to_contain_text("The results are still being prepared, checking again…")
    expect(page.locator("[data-transcript] .line").first).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")

    expect(results.get_by_role("heading", name="Goals")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("still being prepared")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    expect(page.locator("[data-transcript] .line").first).to_be_visible()


def test_checks_stop_after_the_last_one_and_a_link_checks_again(
    signed_in, sandbox, live_server, monkeypatch
):
    page = signed_in
    monkeypatch.setattr(not_ready, "MAX_CHECKS", 2)  # checks after 2 s and 4 s, then it stops
    ref = completed_ref(live_server, sandbox["full"])
    results_not_ready(ref, times=3)  # the page and both checks

    page.goto(f"/recordings/{ref}/")
    expect(page.locator("#results")).to_contain_text("checking again…")

    stopped = page.get_by_text("IdentityCall has not finished preparing the results yet")
    expect(stopped).to_be_visible(timeout=15_000)
    expect(page.locator("#results")).to_contain_text("The results are still being prepared.")
    page.get_by_role("link", name="Check again").click()

    expect(page.locator("#results").get_by_role("heading", name="Goals")).to_be_visible()
    expect(page.get_by_text("still being prepared")).to_have_count(0)
