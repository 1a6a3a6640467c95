"""Every list and form of the numbers, operators and projects sections at a phone's and a desktop's
width: no serious or critical axe violations, stacked tables whose values stay right of their
labels, and a screenshot of each for people to look at."""

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.a11y import settled_violations

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/notes/shots")
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}


def first(live_server, key, path, field="id"):
    reply = requests.get(f"{live_server.url}/sandbox/api/v1/public{path}",
                         headers={"Authorization": f"Bearer {key}"}, timeout=10)
    reply.raise_for_status()
    return reply.json()["data"][0][field]


def first_id(live_server, key, path):
    return first(live_server, key, path)


def screens(live_server, key):
    """Return (name, path) of every list and form of the three sections."""
    number = first_id(live_server, key, "/virtual_numbers")
    operator = first_id(live_server, key, "/operators")
    project = first_id(live_server, key, "/projects")
    offer = first(live_server, key, "/virtual_numbers/available?country=US&number_type=local",
                  "phone_number")
    attached = requests.get(f"{live_server.url}/sandbox/api/v1/public/virtual_numbers/{number}",
                            headers={"Authorization": f"Bearer {key}"}, timeout=10).json()
    on_number = attached["data"]["operators"][0]["id"]
    return [
        ("numbers", "/numbers/"),
        ("numbers-of-project", f"/numbers/?project={project}"),
        ("number", f"/numbers/{number}/"),
        ("number-edit", f"/numbers/{number}/edit/"),
        ("available", "/numbers/available/?country=US&number_type=local"),
        ("purchase-confirm", "/numbers/available/confirm/?phone_number="
         f"{offer.replace('+', '%2B')}&country_code=US&number_type=local"),
        ("detach-confirm", f"/numbers/{number}/operators/{on_number}/remove/"),
        ("operators", "/operators/"),
        ("operator", f"/operators/{operator}/"),
        ("operator-calls", f"/operators/{operator}/calls/"),
        ("operator-new", "/operators/new/"),
        ("operator-edit", f"/operators/{operator}/edit/"),
        ("operator-delete", f"/operators/{operator}/delete/"),
        ("projects", "/projects/"),
        ("project", f"/projects/{project}/"),
        ("project-new", "/projects/new/"),
        ("project-edit", f"/projects/{project}/edit/"),
        ("project-delete", f"/projects/{project}/delete/"),
    ]


def misplaced_values(page):
    """Return the stacked cells (phone width) whose content starts left of the label column's end."""
    return page.evaluate(
        """() => [...document.querySelectorAll('table.table--stack td[data-label]')]
          .filter((td) => td.offsetParent && td.getAttribute('data-label'))
          .flatMap((td) => {
            const before = getComputedStyle(td, '::before');
            const at = before.position === 'absolute'
              ? parseFloat(before.left) : parseFloat(getComputedStyle(td).paddingLeft);
            const start = td.getBoundingClientRect().left + at + (parseFloat(before.width) || 0);
            const kids = [...td.childNodes].filter((n) => n.nodeType === 1 || n.textContent.trim());
            return kids.flatMap((n) => {
              const range = document.createRange(); range.selectNodeContents(n);
              return [...range.getClientRects()].filter((r) => r.width && r.left < start - 1)
                .map(() => td.getAttribute('data-label') + ': ' + td.textContent.trim().slice(0, 40));
            });
          })"""
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1440"])
def test_every_list_and_form_is_accessible_and_laid_out(signed_in, sandbox, live_server, viewport):
    page = signed_in
    page.set_viewport_size(viewport)
    problems = []
    for name, path in screens(live_server, sandbox["full"]):
        page.goto(path)
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
        expect(page.locator("main")).to_be_visible()
        problems += [f"{name}: {line}" for line in settled_violations(page)]
        if viewport is PHONE:
            problems += [f"{name}: value under its label: {cell}" for cell in misplaced_values(page)]
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{name}: the page scrolls sideways ({width} px)")
        if SHOTS.is_dir():
            # A phone's long page is cut at 2,000 px so the picture stays readable.
            height = min(page.evaluate("() => document.documentElement.scrollHeight"), 2000)
            clip = {"x": 0, "y": 0, "width": viewport["width"], "height": height}
            page.screenshot(path=str(SHOTS / f"c-{name}-{viewport['width']}.png"), full_page=True,
                            clip=clip)
    assert not problems, "\n".join(problems)
