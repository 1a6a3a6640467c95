"""axe-core in Chromium: find the serious and critical accessibility violations on a page."""

from pathlib import Path

# Kept beside the tests, outside static/: read from disk here, never served or collected.
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
# The sandbox is the console's own test double, not a console page; an empty tab has nothing to check.
SKIPPED_PATHS = ("/sandbox/",)
# A 1,500-line transcript repeats one line template 1,500 times, and axe walks the whole document
# for each of its ~100 rules (half a minute). Its first 100 lines are as telling, so the rest is
# removed before a check: call it last on a page, as the fixture's teardown does.
REPEATS = ["#transcript li:nth-child(n+101)"]


def _axe_source():
    return AXE.read_text(encoding="utf-8")


def load_axe(page):
    """Make `axe` available in the page; evaluate() runs over CDP, outside the page's CSP."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())


def violations(page, impacts=BLOCKING):
    """Return the page's axe violations of the given impacts as short readable lines."""
    load_axe(page)
    result = page.evaluate(
        """async (repeats) => {
          repeats.forEach((selector) => document.querySelectorAll(selector).forEach((n) => n.remove()));
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
          }));
        }""",
        REPEATS,
    )
    return [
        f"{item['impact']} {item['id']} ({item['help']}): "
        + "; ".join(f"{node['target']} -> {node['summary']}" for node in item["nodes"])
        for item in result
        if item["impact"] in impacts
    ]


def checkable(page):
    """Return whether the tab shows a console page worth checking."""
    url = page.url
    return url.startswith("http") and not any(part in url for part in SKIPPED_PATHS)


def settled_violations(page):
    """Return the serious and critical violations once the page has settled (none when not a page)."""
    from playwright.sync_api import Error

    for attempt in range(2):
        if not checkable(page):
            return []
        try:
            page.wait_for_load_state("load", timeout=5_000)
            return violations(page)
        except Error:
            # A navigation or htmx swap the test started may still be landing; look once more.
            if attempt:
                raise
            page.wait_for_timeout(300)
    return []


def check_a11y(page, where=""):
    """Fail with every serious or critical axe violation on the page as it is now."""
    found = settled_violations(page)
    assert not found, f"accessibility violations on {where or page.url}:\n" + "\n".join(found)
