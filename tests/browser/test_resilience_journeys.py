"""Chromium against the sandbox's fault knobs: each failure reads as a plain sentence, typed input
stays, and the CSP check of the `page` fixture really catches a violation."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def fault(**fields):
    from apps.sandbox.models import Fault

    return Fault.objects.create(**fields)


def test_the_page_fixture_reports_an_inline_script_blocked_by_the_csp(page, user):
    log_in(page)
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)

    assert page.evaluate("() => window.injected") is None  # the browser refused to run it
    caught = [problem for problem in page.problems if "Content Security Policy" in problem]
    assert caught, page.problems
    page.problems.clear()  # the violation was planted; the fixture would fail the test on it


def test_a_slow_identitycall_reads_as_no_answer_and_the_retry_link_recovers(signed_in, settings):
    page = signed_in
    settings.IDENTITYCALL_READ_TIMEOUT = 0.5
    slow = fault(route="/virtual_numbers", latency_ms=1500)

    page.goto("/numbers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("IdentityCall did not answer")
    expect(page.get_by_text("IdentityCall is unreachable right now.")).to_be_visible()

    slow.delete()
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Numbers")


def test_an_outage_keeps_the_new_project_and_the_next_try_creates_it(signed_in):
    page = signed_in
    outage = fault(route="/projects", method="POST", status=503)

    page.goto("/projects/new/")
    page.get_by_label("Name", exact=True).fill("Outage-proof project")
    page.get_by_label("Language", exact=True).select_option("lt")
    page.get_by_label("Description").fill("Typed before the outage")
    page.get_by_role("button", name="Create project").click()

    expect(
        page.get_by_text("so the change may or may not have been applied; check before trying again")
    ).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Outage-proof project")
    expect(page.get_by_label("Description")).to_have_value("Typed before the outage")
    outage.refresh_from_db()
    assert outage.hits == 1  # a POST is never retried

    outage.delete()
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outage-proof project")


def test_rate_limits_malformed_answers_and_proxy_pages_read_plainly(signed_in):
    page = signed_in
    fault(route="/recordings", status=429, retry_after=30)
    fault(route="/operators", malformed_json=True)
    fault(route="/virtual_numbers", status=502, body="<html><h1>nginx PROXY-PAGE</h1></html>")

    page.goto("/recordings/")
    expect(page.get_by_text("try again in 30 seconds")).to_be_visible()
    page.goto("/operators/")
    expect(page.get_by_text("IdentityCall is unreachable right now.")).to_be_visible()
    page.goto("/numbers/")
    expect(page.get_by_text("IdentityCall is unreachable right now.")).to_be_visible()
    assert "PROXY-PAGE" not in page.content()
