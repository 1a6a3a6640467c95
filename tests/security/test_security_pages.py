"""Every console page escapes upstream text, never shows the key, and keeps the strict CSP."""

import logging
from datetime import datetime
from html.parser import HTMLParser

import pytest

from apps.audit.models import AuditEvent
from tests.factories import KEY
from tests.security.fake_world import QUERIES, console_urls, plant

# (payload, what the page would contain had a template executed or injected it).
PAYLOADS = {
    "script": ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    "attribute": ('"><img src=x onerror=alert(1)>', "<img src=x onerror=alert(1)>"),
    "variable": ("XSS{{ 7*7 }}END", "XSS49END"),
    "tag": ('XSS{% now "Y" %}END', f"XSS{datetime.now().year}END"),
}
# Pages that show upstream text in full-page form (the others show none, or not in HTML).
SHOWING = (
    "recordings:list", "recordings:detail", "recordings:rename", "recordings:speakers",
    "recordings:delete", "projects:list", "projects:detail", "projects:edit", "projects:delete",
    "virtual_numbers:list", "virtual_numbers:available", "virtual_numbers:detail",
    "virtual_numbers:edit", "operators:list", "operators:detail", "operators:edit",
    "operators:delete", "audit:activity",
)

# The analysis (transcript, goals, keywords, summary) arrives as an htmx fragment.
SHOWING_AS_FRAGMENT = ("recordings:analysis", "recordings:list", "projects:list")


def _get_pages():
    """Return [(name, path)] of every console page answering GET."""
    skip = {"accounts:logout", "recordings:upload_file"}  # POST-only
    return [(name, path) for name, path in console_urls() if name not in skip]


def _escaped(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def _record_activity(user, text):
    AuditEvent.objects.create(
        user=user, username=user.username, action="project.update", resource_type="project",
        resource_id=text, status=200, detail={"fields": [text], "name": text},
    )


def _html(response):
    return response.get("Content-Type", "").startswith("text/html")


@pytest.mark.parametrize("kind", PAYLOADS)
def test_upstream_text_renders_literally_on_every_screen(keyed, user, upstream, kind):
    text, executed = PAYLOADS[kind]
    plant(upstream, text)
    _record_activity(user, text)
    unescaped, missing = [], []
    for name, path in _get_pages():
        for headers in ({}, {"HX-Request": "true"}):
            response = keyed.get(path + _query(name), headers=headers)
            body = response.content.decode(errors="replace")
            if _html(response) and (executed in body or text in body and "<" in text):
                unescaped.append(f"{name} {headers}")
            shows = name in SHOWING if not headers else name in SHOWING_AS_FRAGMENT
            if shows and _escaped(text) not in body:
                missing.append(f"{name} ({response.status_code})")
    assert unescaped == []
    assert missing == []  # each page really showed the planted text, escaped


def _query(name):
    return QUERIES.get(name, "")


def test_the_key_never_appears_in_a_page_or_a_log_record(keyed, upstream, caplog):
    plant(upstream, "Plain text")
    caplog.set_level(logging.DEBUG)
    leaks = []
    for name, path in _get_pages():
        for headers in ({}, {"HX-Request": "true"}):
            response = keyed.get(path + _query(name), headers=headers)
            body = b"".join(response) if response.streaming else response.content
            if KEY.encode() in body or KEY[4:-4].encode() in body:
                leaks.append(name)
    assert leaks == []
    assert len(upstream.calls) > 20  # the sweep really talked to IdentityCall with the key
    assert all(call.request.headers["Authorization"] == f"Bearer {KEY}" for call in upstream.calls)
    logged = [record for record in caplog.records
              if KEY[4:-4] in record.getMessage() or KEY[4:-4] in repr(record.__dict__)]
    assert logged == []
    assert len(caplog.records) > 0


class _InlineFinder(HTMLParser):
    """Collect inline scripts, style attributes and on* handlers of one page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower() for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        self.found += [f"<{tag} {name}=…>" for name in names
                       if name == "style" or name.startswith("on") or name.startswith("hx-on")]


def test_every_page_has_the_strict_csp_and_nothing_inline(keyed, upstream):
    plant(upstream, "Plain text")
    problems = []
    pages = [*_get_pages(), ("accounts:login", "/accounts/login/")]
    for name, path in pages:
        response = keyed.get(path + _query(name))
        if not _html(response):
            continue
        policy = response.get("Content-Security-Policy", "")
        if "script-src 'self'" not in policy or "style-src 'self'" not in policy:
            problems.append(f"{name}: no strict CSP header ({policy!r})")
        if "unsafe-inline" in policy or "unsafe-eval" in policy:
            problems.append(f"{name}: unsafe CSP source")
        finder = _InlineFinder()
        finder.feed(response.content.decode())
        problems += [f"{name}: {found}" for found in finder.found]
    assert problems == []
