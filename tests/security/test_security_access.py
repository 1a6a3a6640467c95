"""Every console page is behind the login wall, and every write needs a CSRF token."""

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.factories import give_key
from tests.security.fake_world import _walk, console_urls

URLS = None


def _urls():
    global URLS
    if URLS is None:
        URLS = console_urls()
    return URLS


def _accepts_post(name):
    """Return True when the view behind `name` takes POST (decorated or class-based)."""
    for _route, found, entry in _walk(get_resolver().url_patterns):
        if found == name:
            view = entry.callback
            allowed = getattr(view, "view_class", None)
            if allowed is not None:
                return "post" in allowed.http_method_names and hasattr(allowed, "post")
            return _probe_post(view)
    raise AssertionError(f"no URL named {name}")


def _probe_post(view):
    """Return False for views wrapped in require_GET (their closure names only GET/HEAD)."""
    for cell in getattr(view, "__closure__", None) or ():
        contents = cell.cell_contents
        if isinstance(contents, (list, tuple)) and contents and all(
            isinstance(item, str) and item.isupper() for item in contents
        ):
            return "POST" in contents
    return True


def test_the_sweep_finds_every_section_of_the_console(db):
    names = {name for name, _path in _urls()}
    for expected in ("dashboard:home", "recordings:detail", "projects:edit",
                     "virtual_numbers:purchase_confirm", "operators:detach", "audit:activity"):
        assert expected in names


def test_a_url_without_a_sample_makes_the_sweep_fail(monkeypatch):
    from tests.security import fake_world

    monkeypatch.delitem(fake_world.SAMPLES, "projects:edit")
    with pytest.raises(AssertionError, match="add a sample for projects:edit"):
        fake_world.console_urls()


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_console_url_sends_anonymous_users_to_the_login_page(client, db, method):
    wrong = []
    for name, path in _urls():
        response = getattr(client, method)(path)
        if response.status_code != 302 or not response["Location"].startswith("/accounts/login/"):
            wrong.append(f"{name} {path} → {response.status_code}")
    assert wrong == []


def test_every_write_refuses_a_post_without_a_csrf_token(user, upstream):
    give_key(user)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    writes = [(name, path) for name, path in _urls() if _accepts_post(name)]
    assert len(writes) >= 15, writes  # uploads, renames, deletes, purchases, routing, keys…
    wrong = []
    for name, path in writes:
        response = strict.post(path, {"name": "x", "confirm": "x"})
        templates = [template.name for template in response.templates]
        if response.status_code != 403 or "403_csrf.html" not in templates:
            wrong.append(f"{name} {path} → {response.status_code}")
    assert wrong == []
    assert len(upstream.calls) == 0


def test_the_csrf_refusal_is_the_plain_console_page(user):
    give_key(user)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post("/projects/new/", {"name": "x"})
    assert response.status_code == 403
    assert "403_csrf.html" in [template.name for template in response.templates]
    assert "Traceback" not in response.content.decode()
