"""The frame every page shares: header, regions, htmx set-up, and a strict CSP that holds."""

import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from apps.accounts.forms import ApiKeyForm
from tests.factories import BASE, numbers_body, operators_body, projects_body, recordings_page_body


class Tags(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, name):
        return [attrs for tag, attrs in self.tags if tag == name]


@pytest.fixture
def full_upstream(upstream):
    """IdentityCall answering everything the overview asks."""
    upstream.get(f"{BASE}/projects", json=projects_body(2))
    upstream.get(f"{BASE}/operators", json=operators_body(2))
    upstream.get(f"{BASE}/virtual_numbers", json=numbers_body(2))
    upstream.get(f"{BASE}/recordings", json=recordings_page_body(2))
    return upstream


def frame_pages(client, keyed_client):
    """Return (name, response) for each page this part of the console owns."""
    return [
        ("login", client.get("/accounts/login/")),
        ("key page", keyed_client.get("/settings/api-key/")),
        ("remove key", keyed_client.get("/settings/api-key/remove/")),
        ("overview", keyed_client.get("/")),
        ("not found", keyed_client.get("/no-such-page/")),
    ]


@pytest.fixture
def pages(full_upstream, keyed):
    return frame_pages(Client(), keyed)


def test_every_page_sends_a_strict_content_security_policy(pages):
    for name, response in pages:
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, name
        assert "style-src 'self'" in policy, name
        assert "unsafe-inline" not in policy, name


def test_no_page_has_inline_scripts_styles_or_event_handlers(pages):
    for name, response in pages:
        html = response.content.decode()
        tags = Tags(html)
        assert all(attrs.get("src") for attrs in tags.all("script")), name
        assert not tags.all("style"), name
        for tag, attrs in tags.tags:
            assert "style" not in attrs, (name, tag)
            assert not any(key.startswith(("on", "hx-on")) for key in attrs), (name, tag, attrs)
        assert "javascript:" not in html, name


def test_scripts_are_the_vendored_htmx_and_console_js_loaded_with_defer(pages):
    _, response = pages[1]
    scripts = Tags(response.content.decode()).all("script")
    assert [s["src"] for s in scripts] == [
        "/static/vendor/htmx/htmx-2.0.11.min.js",
        "/static/js/console.js",
    ]
    assert all("defer" in s for s in scripts)


def test_one_htmx_config_swaps_error_answers_and_turns_off_eval(pages):
    _, response = pages[1]
    metas = [
        m for m in Tags(response.content.decode()).all("meta") if m.get("name") == "htmx-config"
    ]
    assert len(metas) == 1
    config = json.loads(metas[0]["content"])
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True
    # Swapped-in content is live as soon as it shows (htmx would otherwise wait 20 ms to wire it).
    assert config["defaultSettleDelay"] == 0
    rules = {rule["code"]: rule for rule in config["responseHandling"]}
    assert rules["204"]["swap"] is False
    assert rules["[23].."]["swap"] is True
    assert rules["[45].."] == {"code": "[45]..", "swap": True, "error": False}


def test_the_body_carries_the_csrf_token_for_htmx(keyed):
    response = keyed.get("/settings/api-key/")
    body = Tags(response.content.decode()).all("body")[0]
    token = json.loads(body["hx-headers"])["X-CSRFToken"]
    assert len(token) >= 32


def test_the_frame_has_a_skip_link_a_status_region_and_an_alerts_region(keyed):
    html = keyed.get("/settings/api-key/").content.decode()
    tags = Tags(html)
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert any(a.get("id") == "main" for a in tags.all("main"))
    assert any(d.get("role") == "status" for d in tags.all("div"))
    alerts = [d for d in tags.all("div") if d.get("id") == "alerts"]
    assert alerts and alerts[0]["aria-live"] == "polite"


def test_the_header_names_the_product_and_every_section(keyed):
    html = keyed.get("/settings/api-key/").content.decode()
    assert "IdentityCall Console" in html
    for label, href in [
        ("Recordings", "/recordings/"),
        ("Projects", "/projects/"),
        ("Numbers", "/numbers/"),
        ("Operators", "/operators/"),
        ("Settings", "/settings/api-key/"),
    ]:
        assert re.search(rf'<a href="{href}"[^>]*>{label}</a>', html), label


def test_the_current_section_is_marked_with_aria_current(keyed):
    html = keyed.get("/settings/api-key/").content.decode()
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', html)
    assert current == ["Settings"]


def test_the_overview_is_the_first_section_and_marked_current(keyed, full_upstream):
    html = keyed.get("/").content.decode()
    current = re.findall(r'<li><a [^>]*aria-current="page"[^>]*>([^<]+)</a>', html)
    assert current == ["Overview"]
    assert re.findall(r'<li><a href="[^"]*"[^>]*>([^<]+)</a>', html)[0] == "Overview"


def test_search_and_insights_are_sections_each_marked_on_its_own_pages(keyed):
    current = lambda path: re.findall(  # noqa: E731
        r'<li><a [^>]*aria-current="page"[^>]*>([^<]+)</a>', keyed.get(path).content.decode()
    )
    assert current("/search/") == ["Search"]
    assert current("/compare/") == ["Search"]
    assert current("/insights/") == ["Insights"]
    assert current("/settings/team/") == ["Settings"]


def test_anonymous_pages_show_no_navigation_or_user_menu(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "Sections" not in html
    assert "user-menu" not in html


def test_messages_appear_in_the_status_region(keyed):
    html = keyed.post("/settings/api-key/remove/", follow=True).content.decode()
    region = html.split('role="status"', 1)[1].split('id="alerts"', 1)[0]
    assert "API key removed." in region


def test_the_404_page_is_plain_and_inside_the_frame(keyed):
    response = keyed.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "IdentityCall Console" in html


def test_the_500_page_renders_without_a_request_or_context_processors():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "/static/css/console.css" in html
    assert "<script" not in html


def test_the_csrf_failure_page_renders_without_context():
    assert "This form has expired" in render_to_string("403_csrf.html")


def test_the_403_page_renders(keyed):
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_authenticated=False)
    assert "Not allowed" in render_to_string("403.html", request=request)


# ---- partials ---------------------------------------------------------------------------------


def render_pagination(querystring, current, total, **extra):
    request = RequestFactory().get(f"/recordings/{querystring}")
    page = SimpleNamespace(current_page=current, total_pages=total)
    return render_to_string("_partials/pagination.html", {"page": page, **extra}, request=request)


def test_pagination_keeps_the_querystring_and_marks_the_current_page():
    html = render_pagination("?status=failed&page=5", 5, 12)
    links = Tags(html).all("a")
    assert {"rel": "prev", "href": "?status=failed&page=4"}.items() <= links[0].items()
    assert links[0]["hx-get"] == "?status=failed&page=4"
    current = [a for a in links if a.get("aria-current") == "page"]
    assert len(current) == 1 and current[0]["href"] == "?status=failed&page=5"
    assert {"rel": "next", "href": "?status=failed&page=6"}.items() <= links[-1].items()
    assert "Page 5 of 12" in html


def test_pagination_shows_a_window_of_numbers_with_gaps():
    html = render_pagination("", 6, 20)
    numbers = re.findall(r"</span>(\d+)</a>", html)
    assert numbers == ["1", "4", "5", "6", "7", "8", "20"]
    assert html.count("…") == 2


def test_pagination_pushes_the_url_and_targets_main_unless_told_otherwise():
    plain = Tags(render_pagination("", 1, 3)).all("ul")[0]
    assert plain["hx-target"] == "#main" and plain["hx-select"] == "#main"
    assert plain["hx-push-url"] == "true"
    told = Tags(render_pagination("", 1, 3, target="#results")).all("ul")[0]
    assert told["hx-target"] == "#results" and told["hx-select"] == "#results"


def test_pagination_at_the_ends_disables_previous_and_next():
    first = render_pagination("", 1, 2)
    last = render_pagination("", 2, 2)
    assert 'aria-disabled="true">Previous' in first and 'rel="prev"' not in first
    assert 'aria-disabled="true">Next' in last and 'rel="next"' not in last


def test_pagination_is_hidden_for_a_single_page():
    assert render_pagination("", 1, 1).strip() == ""


def test_field_partial_links_help_and_errors_to_the_input():
    form = ApiKeyForm({"api_key": "nope"})
    form.is_valid()
    html = render_to_string("_partials/field.html", {"field": form["api_key"]})
    inputs = Tags(html).all("input")
    assert inputs[0]["aria-invalid"] == "true"
    described = inputs[0]["aria-describedby"].split()
    assert described == ["id_api_key_helptext", "id_api_key_error"]
    assert 'id="id_api_key_helptext"' in html
    assert 'id="id_api_key_error"' in html
    assert '<label for="id_api_key">' in html


def test_alert_partial_escapes_what_it_is_given():
    html = render_to_string("_partials/alert.html", {"message": "<script>x</script>"})
    assert "<script>" not in html
    assert 'role="alert"' in html


def test_confirm_dialog_posts_with_csrf_and_cancels_without_javascript():
    request = RequestFactory().get("/")
    html = render_to_string(
        "_partials/confirm_dialog.html",
        {"dialog_id": "d", "title": "Sure?", "action": "/x/", "confirm_label": "Delete"},
        request=request,
    )
    assert '<dialog id="d"' in html
    assert '<form method="post" action="/x/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'formmethod="dialog"' in html


def test_empty_state_partial_renders_its_action():
    html = render_to_string(
        "_partials/empty_state.html",
        {"title": "Nothing yet", "action_url": "/new/", "action_label": "Add one"},
    )
    assert "Nothing yet" in html and 'href="/new/"' in html and "Add one" in html
