"""Accessibility in Chromium: axe-core on every page of the journeys, and keyboard-only use."""

import re
from typing import NamedTuple

import pytest
from playwright.sync_api import expect

from apps.sandbox.models import Recording
from tests.browser.a11y import violations
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def first_href(page, pattern):
    """Return the first link on the page whose path matches `pattern` (a regex)."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = next((href for href in hrefs if re.fullmatch(pattern, href.split("?")[0])), None)
    assert found, f"no link matching {pattern} on {page.url}"
    return found


def assert_clean(found):
    assert not found, "\n\n".join(
        f"[{name}]\n" + "\n".join(problems) for name, problems in found.items()
    )


class Step(NamedTuple):
    """One page or state axe checks: its name, how to get there, what to do there first."""

    name: str
    # A path (with {names} of links remembered by earlier steps), a function (page, links) that
    # navigates, or None to stay on the page the previous step left.
    go: object = None
    # A function (page, links) putting the page into the state to check, or None.
    then: object = None


def walk(page, steps):
    """Return {step name: serious and critical violations} for each step that has any."""
    found, links = {}, {}
    for step in steps:
        if isinstance(step.go, str):
            page.goto(step.go.format(**links))
        elif step.go:
            step.go(page, links)
        if step.then:
            step.then(page, links)
        expect(page.locator("body")).to_be_visible()
        if problems := violations(page):
            found[step.name] = problems
    return found


def via_first_link(pattern, on, remember="detail"):
    """Return a `go` that opens `on`, then follows (and remembers) its first link matching pattern."""

    def go(page, links):
        page.goto(on)
        links[remember] = first_href(page, pattern)
        page.goto(links[remember])

    return go


# The states a page reaches only by acting on it.


def open_inline_rename(page, links):
    first = page.locator("#recordings-table tbody tr").first
    first.get_by_role("link", name=re.compile("^Edit name")).click()
    expect(first.get_by_label("New name")).to_be_focused()


def open_recording_delete_dialog(page, links):
    first = page.locator("#recordings-table tbody tr").first
    first.get_by_role("link", name="Cancel").click()  # the inline rename form from the step before
    first.locator(".row-menu__toggle").click()  # the row's menu holds Delete
    first.get_by_role("link", name=re.compile("^Delete")).click()
    expect(page.get_by_role("dialog")).to_be_visible()


def transcript_shown(page, links):
    expect(page.locator("#transcript, .transcript").first).to_be_visible()


def longest_recording(page, links):
    # The seeded long call is the one with the ~1,500-line transcript.
    longest = Recording.objects.filter(fails=False).order_by("-duration_ms").first()
    page.goto(f"/recordings/{longest.public_id}/")
    expect(page.locator("#transcript, .transcript").first).to_be_visible(timeout=20_000)


def submit_the_empty_form(page, links):
    page.get_by_role("button", name=re.compile("Create|Save")).first.click()


def open_first_offer(page, links):
    page.locator("#available-results tr[data-offer]").first.get_by_role(
        "link", name=re.compile("^Buy")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buy")


def number_with_operators(page, links):
    # The detach confirmation needs a number that has operators; the sandbox seeds some.
    page.goto("/numbers/")
    detach = page.locator("a[href*='/operators/'][href$='/remove/']")
    for href in page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    ):
        if re.fullmatch(r"/numbers/\d+/", href):
            page.goto(href)
            if detach.count():
                break
    links["remove"] = detach.first.get_attribute("href")


def open_detach_dialog(page, links):
    page.locator("a[href*='/operators/'][href$='/remove/']").first.click()
    expect(page.get_by_role("dialog")).to_be_visible()


def open_remove_key_dialog(page, links):
    page.get_by_role("link", name="Remove key").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def log_in_wrongly(page, links):
    page.get_by_label("Username").fill("journey")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()


def log_in_and_out(page, links):
    log_in(page)
    page.locator("form[action$='/logout/']").evaluate("form => form.requestSubmit()")
    expect(page).to_have_url(re.compile("/accounts/login/"))


COMPLETED = "/recordings/?status=completed"
SECTIONS = {
    "recordings": [
        Step("dashboard", "/"),
        Step("recordings list", "/recordings/"),
        Step("recordings list filtered", COMPLETED),
        Step("recordings list with an inline rename form", then=open_inline_rename),
        Step("recordings list with the delete dialog open", then=open_recording_delete_dialog),
        Step("upload", "/recordings/upload/"),
        Step(
            "a completed recording with transcript and analysis",
            via_first_link(r"/recordings/(?!upload/)[^/]+/", on=COMPLETED),
            transcript_shown,
        ),
        Step("rename page", "{detail}rename/"),
        Step("delete confirmation page", "{detail}delete/"),
    ],
    "long recording": [Step("the long recording", longest_recording)],
    "projects": [
        Step("projects list", "/projects/"),
        Step("new project", "/projects/new/"),
        Step("new project with errors", then=submit_the_empty_form),
        Step("project detail", via_first_link(r"/projects/\d+/", on="/projects/")),
        Step("edit project", "{detail}edit/"),
        Step("delete project", "{detail}delete/"),
    ],
    "operators": [
        Step("operators list", "/operators/"),
        Step("new operator", "/operators/new/"),
        Step("operator detail", via_first_link(r"/operators/\d+/", on="/operators/")),
        Step("edit operator", "{detail}edit/"),
        Step("delete operator", "{detail}delete/"),
    ],
    "numbers": [
        Step("numbers list", "/numbers/"),
        Step("available numbers search", "/numbers/available/"),
        Step("available numbers results", "/numbers/available/?country=US&number_type=mobile"),
        Step("buy confirmation", then=open_first_offer),
        Step("number detail", via_first_link(r"/numbers/\d+/", on="/numbers/")),
        Step("edit number", "{detail}edit/"),
        Step(
            "number detail with the detach dialog open", number_with_operators, open_detach_dialog
        ),
        Step("remove operator confirmation", "{remove}"),
    ],
    "settings": [
        Step("api key", "/settings/api-key/"),
        Step("api key with the remove dialog open", then=open_remove_key_dialog),
        Step("remove api key confirmation", "/settings/api-key/remove/"),
        Step("password", "/settings/password/"),
        Step("activity", "/settings/activity/"),
        Step("kept audio", "/recordings/kept-audio/"),
        Step("404 page", "/no-such-page/"),
    ],
}
SIGNED_OUT = [
    Step("login", "/accounts/login/"),
    Step("login with an error", then=log_in_wrongly),
    Step("after logging out", then=log_in_and_out),
]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_page_of_the_section_has_no_serious_or_critical_axe_violations(signed_in, section):
    found = walk(signed_in, SECTIONS[section])
    signed_in.skip_a11y = True  # its last page was just checked; the fixture need not run axe again
    assert_clean(found)


def test_the_signed_out_pages_have_no_serious_or_critical_axe_violations(page, user):
    assert_clean(walk(page, SIGNED_OUT))


# Keyboard only: Tab, Enter, Escape and typing; every element reached must show where focus is.

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const label = (el.getAttribute('aria-label') || el.innerText || el.value || el.id || '').trim();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, label: label.slice(0, 60),
    visible: outline || shadow, inDialog: !!el.closest('dialog[open]'),
    modalOpen: !!document.querySelector('dialog:modal'),
  };
}"""


class Walker:
    """Moves focus with the keyboard only and remembers every stop that showed no focus ring."""

    def __init__(self, page):
        self.page = page
        self.invisible = []

    def focused(self):
        return self.page.evaluate(FOCUSED)

    def tab(self, shift=False):
        self.page.keyboard.press("Shift+Tab" if shift else "Tab")
        now = self.focused()
        if now and not now["visible"]:
            self.invisible.append(f"{self.page.url}: <{now['tag']}> {now['label']!r}")
        return now

    def tab_to(self, selector, limit=80):
        """Press Tab until the element matching `selector` has focus; fail after `limit` presses."""
        for _ in range(limit):
            self.tab()
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return self.focused()
        raise AssertionError(f"{selector} never got focus with Tab on {self.page.url}")

    def assert_focus_was_always_visible(self):
        assert not self.invisible, "focus without a visible outline:\n" + "\n".join(self.invisible)


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(signed_in):
    page = signed_in
    page.goto("/recordings/")
    keys = Walker(page)
    first = keys.tab()
    assert first["label"] == "Skip to content"
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    after = keys.tab()
    assert page.evaluate("() => !!document.activeElement.closest('main')"), after
    keys.assert_focus_was_always_visible()


def test_a_keyboard_user_logs_in(page, user):
    page.goto("/accounts/login/")
    keys = Walker(page)
    keys.tab_to("input[name=username]")
    page.keyboard.type("journey")
    keys.tab_to("input[name=password]")
    page.keyboard.type("journey-password-1")
    page.keyboard.press("Enter")
    # Signed in; a user without a key yet is sent on to add one.
    expect(page).to_have_url(re.compile(r"/settings/api-key/"))
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()
    keys.assert_focus_was_always_visible()


def test_a_keyboard_user_filters_recordings_and_jumps_to_a_transcript_line(signed_in):
    page = signed_in
    page.goto("/")
    keys = Walker(page)
    keys.tab_to(".site-nav a[href='/recordings/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recordings/$"))

    keys.tab_to("select[name=status]")
    page.keyboard.type("Completed")
    expect(page.locator("select[name=status]")).to_have_value("completed")
    keys.tab_to(".filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"status=completed"))
    for badge in page.locator("#recordings-table tbody .badge").all():
        expect(badge).to_have_text("Completed")

    keys.tab_to("#recordings-table tbody tr:first-child .recording-name a:not([href$='/rename/'])")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recordings/[^/]+/$"))
    expect(page.locator("[data-transcript] .line").first).to_be_visible()

    keys.tab_to("[data-transcript] .line:nth-child(3) .line__time", limit=120)
    page.keyboard.press("Enter")
    third = page.locator("[data-transcript] .line").nth(2)
    expect(third).to_have_class(re.compile(r"line--target"))
    expect(page).to_have_url(re.compile(r"[?&]t=\d+#t-\d+$"))
    keys.assert_focus_was_always_visible()


def test_a_keyboard_user_opens_the_delete_dialog_is_kept_inside_it_and_escape_returns_focus(
    signed_in,
):
    page = signed_in
    page.goto("/recordings/")
    keys = Walker(page)
    keys.tab_to("#recordings-table tbody tr:first-child .row-menu__toggle")
    page.keyboard.press("Enter")  # the row's menu opens; Delete is its last item
    keys.tab_to("#recordings-table tbody tr:first-child .recording-row__delete")
    opener = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert page.evaluate("() => document.querySelector('dialog[open]').matches(':modal')")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()

    # A modal dialog makes the page inert: Tab cycles through the dialog (and the browser's own
    # controls, where focus leaves the document), never to the page behind it.
    inside = set()
    for _ in range(8):
        now = keys.tab()
        if now:
            assert now["inDialog"], f"Tab left the open dialog for {now}"
            inside.add(now["label"])
    assert {"Cancel", "Delete recording"} <= inside

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == opener
    keys.assert_focus_was_always_visible()


def test_a_confirmation_dialog_opened_from_a_link_is_modal_and_returns_focus(signed_in):
    page = signed_in
    page.goto("/settings/api-key/")
    keys = Walker(page)
    keys.tab_to("a[data-dialog-open=remove-key-dialog]")
    page.keyboard.press("Enter")
    dialog = page.locator("#remove-key-dialog")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.matches(':modal')")
    for _ in range(6):
        now = keys.tab()
        assert now is None or now["inDialog"], f"Tab left the open dialog for {now}"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("a[data-dialog-open=remove-key-dialog]")).to_be_focused()
    keys.assert_focus_was_always_visible()
