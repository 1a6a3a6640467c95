"""Chromium journeys: a live console whose upstream is the sandbox, reached over real HTTP."""

import os

import pytest

from tests.browser.a11y import settled_violations

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make here are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "journey-password-1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sandbox(live_server, settings):
    """Seed the sandbox, point the console at it over HTTP, and return its keys."""
    from apps.sandbox.seed import seed_demo

    settings.IDENTITYCALL_BASE_URL = f"{live_server.url}/sandbox/api/v1/public"
    return seed_demo()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser tab that fails the test on CSP violations and page errors."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda message: problems.append(f"console: {message.text}")
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    tab.set_default_timeout(10_000)
    tab.problems = problems  # read (and emptied) by the test proving this check works
    tab.skip_a11y = False  # a test that leaves the tab on a deliberately broken page sets this
    yield tab
    # axe-core on the page the journey ended on: no serious or critical violations.
    try:
        a11y = [] if tab.skip_a11y or tab.is_closed() else settled_violations(tab)
        url = "" if tab.is_closed() else tab.url
    finally:
        context.close()
    assert not problems, problems
    assert not a11y, f"accessibility violations on {url}:\n" + "\n".join(a11y)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("journey", password=PASSWORD)


def log_in(page, username="journey", password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def sign_in_with(page, user, key):
    """Store `key` (a sandbox key) for `user` and log in through the login form."""
    from apps.accounts.models import save_api_key

    save_api_key(user, key, projects_seen=0)
    log_in(page, user.username)
    return page


@pytest.fixture
def signed_in(page, user, sandbox):
    """A tab logged in as a user holding the sandbox's full account-wide key."""
    return sign_in_with(page, user, sandbox["full"])
