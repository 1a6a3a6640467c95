"""Chromium: what the key may do is known when it is saved, and the overview starts the day.

The read-only and the project-scoped sandbox keys are saved through the key page (so the console
asks the sandbox what they may do), then the key page, the overview and the projects list offer
only what the key can do, with the reason.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import settled_violations
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = "/work/notes/shots"


def shoot(page, name):
    """Keep a 1440 px and a 390 px screenshot of the page (full height)."""
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/D-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def save_key(page, key):
    page.goto("/settings/api-key/")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name=re.compile(r"Verify and (save|replace)")).click()


def offers_new_project(page):
    """Return whether the projects list links to the create form (its HTML, with the tab's
    session)."""
    html = page.request.get("/projects/").text()
    return 'href="/projects/new/"' in html


def blocks_loaded(page):
    for name in ("uploads", "failed", "queue", "numbers", "counts"):
        expect(page.locator(f"#block-{name}:not([aria-busy])")).to_be_visible()


def test_a_read_only_key_is_known_as_such_when_saved_and_nothing_offers_a_write(
    page, user, sandbox
):
    log_in(page)
    save_key(page, sandbox["read_only"])

    expect(page.get_by_role("status").first).to_contain_text(
        "It can read but not write or delete; it reaches every project in the account."
    )
    permissions = page.locator("#key-permissions")
    expect(permissions).to_contain_text("Read ✓")
    expect(permissions).to_contain_text("Write ✗")
    expect(permissions).to_contain_text("Delete ✗")
    expect(permissions).to_contain_text("Every project in the account")
    shoot(page, "key-read-only")
    assert settled_violations(page) == []

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Overview").click()
    upload = page.get_by_role("button", name="Upload recordings")
    expect(upload).to_be_disabled()
    expect(page.locator("#overview-refusal")).to_have_text(re.compile(r"read-only"))
    blocks_loaded(page)
    expect(page.locator("#block-failed")).to_contain_text("does not have write permission")
    shoot(page, "overview-read-only")
    assert settled_violations(page) == []

    # Before any form is filled, the projects list does not offer creating one (read as HTML:
    # the journey ends on the overview, not on a list still loading its rows' counts).
    assert not offers_new_project(page)


def test_a_project_scoped_key_is_shown_bound_to_its_project(page, user, sandbox):
    from apps.sandbox.models import ApiKey

    project = ApiKey.objects.get(key=sandbox["project_scoped"]).project
    log_in(page)
    save_key(page, sandbox["project_scoped"])

    expect(page.get_by_role("status").first).to_contain_text(
        f"It can read, write and delete; it is limited to the project “{project.name}”."
    )
    expect(page.locator("#key-permissions")).to_contain_text(
        f"Limited to the project “{project.name}”"
    )
    shoot(page, "key-project-scoped")
    assert settled_violations(page) == []

    assert not offers_new_project(page)
    page.goto("/")
    expect(page.get_by_role("link", name="Upload recordings")).to_be_visible()
    blocks_loaded(page)


def test_the_overview_lists_my_uploads_and_a_failing_block_holds_only_itself(
    signed_in, user, sandbox
):
    from apps.audit.models import AuditEvent
    from apps.sandbox.models import Fault, Recording
    from apps.sandbox.processing import status_of

    page = signed_in
    rows = list(Recording.objects.order_by("-id")[:40])
    mine = [next(r for r in rows if status_of(r) == s) for s in ("processing", "completed")]
    for row in mine:
        AuditEvent.objects.create(
            user=user, username=user.username, action="recording.upload",
            resource_type="recording", resource_id=str(row.public_id), status=201,
            detail={"filename": f"{row.name}.mp3", "size": 1},
        )
    assert offers_new_project(page)  # the full key may (the read-only check above is not vacuous)
    Fault.objects.create(route="/virtual_numbers", status=500, latency_ms=2500)

    page.goto("/")

    expect(page.locator("#block-queue:not([aria-busy])")).to_be_visible()
    expect(page.locator("#block-uploads .track")).to_have_count(2)
    expect(page.locator("#block-uploads")).to_contain_text("Processing")
    numbers = page.locator("#block-numbers")
    expect(numbers).to_contain_text("IdentityCall is unreachable right now.", timeout=15_000)
    expect(numbers.get_by_role("link", name="Try again")).to_be_visible()
    expect(page.locator("#block-failed:not([aria-busy])")).to_be_visible()
    Fault.objects.all().delete()
    numbers.get_by_role("link", name="Try again").click()
    expect(page.locator("#block-numbers .block__more")).to_be_visible()
    shoot(page, "overview")


def test_without_javascript_each_block_is_a_link_to_its_own_page(chromium, live_server, user,
                                                                  sandbox):
    from apps.accounts.models import save_api_key

    save_api_key(user, sandbox["full"], projects_seen=0)
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page)
        page.goto("/")
        page.get_by_role("link", name="Show the processing queue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Processing queue")
        expect(page.get_by_role("link", name="Back to the overview")).to_be_visible()
    finally:
        context.close()
