"""One item behind a section's pages: read it or say it is not found; save it or say why not."""

from types import SimpleNamespace

import pytest
from django import forms

from apps.frame.http import safe_next
from apps.frame.items import ItemNotFound, save_or_explain
from apps.identitycall import errors

HTMX = {"HX-Request": "true"}


@pytest.fixture
def things(settings):
    settings.ROOT_URLCONF = "tests.frame.item_urls"


def test_a_readable_item_is_the_page(keyed, things):
    assert keyed.get("/things/7/").content == b"Thing 7"


def test_an_item_identitycall_does_not_know_is_the_sections_not_found_page(keyed, things):
    response = keyed.get("/things/404/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Thing not found" in html
    assert "It may have been deleted, or your API key cannot see it." in html
    assert '<a class="btn btn--primary" href="/things/">All things</a>' in html


def test_for_htmx_the_not_found_answer_is_an_alert(keyed, things):
    response = keyed.get("/things/404/", headers=HTMX)

    assert response.status_code == 404
    assert response["HX-Retarget"] == "#alerts"
    assert "Thing not found. It may have been deleted" in response.content.decode()


def test_without_answers_not_found_it_is_still_a_404(keyed, things):
    response = keyed.get("/things/404/bare/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


class NameForm(forms.Form):
    name = forms.CharField(max_length=5)


class Client:
    """A stand-in client: no base URL or key, so the list cache leaves it alone."""


def save(rf, data, write, **kwargs):
    """Return what save_or_explain answers for a post of `data` (a GET when data is None)."""
    request = rf.get("/") if data is None else rf.post("/", data)
    request.session, request.user = {}, SimpleNamespace(pk=1, api_key=None)
    form = NameForm(data)
    kwargs.setdefault("show_form", lambda status: ("form", status, form.errors))
    return save_or_explain(request, Client(), form, write,
                           done=lambda result: ("done", result), **kwargs)


def never(client):
    raise AssertionError("nothing may be sent")


def test_a_get_shows_the_form_and_sends_nothing(rf):
    assert save(rf, None, never) == ("form", 200, {})


def test_an_invalid_post_shows_the_form_with_422_and_sends_nothing(rf):
    status = save(rf, {"name": "far too long"}, never)[1]

    assert status == 422


def test_an_accepted_write_is_done(rf):
    assert save(rf, {"name": "Ok"}, lambda client: "saved") == ("done", "saved")


def test_a_422_lands_on_the_field_it_names(rf):
    def invalid(client):
        raise errors.ValidationError(status=422, errors=["name is taken"])

    assert save(rf, {"name": "Ok"}, invalid) == ("form", 422, {"name": ["Name is taken"]})


def test_a_404_is_gone_when_the_caller_says_what_that_means(rf):
    def missing(client):
        raise errors.NotFoundError(status=404)

    assert save(rf, {"name": "Ok"}, missing, gone=lambda: "already gone") == "already gone"
    with pytest.raises(ItemNotFound):
        save(rf, {"name": "Ok"}, missing)


def test_an_outage_is_explained_on_the_form(rf):
    def unreachable(client):
        raise errors.TransportError(sent=False)

    shown, status, errors_ = save(rf, {"name": "Ok"}, unreachable)
    assert (shown, status) == ("form", 502)
    assert errors_["__all__"] == ["IdentityCall is unreachable; nothing was changed."]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/operators/?q=a", "/operators/?q=a"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_keeps_only_addresses_on_this_site(rf, next_url, expected):
    assert safe_next(rf.post("/", {"next": next_url}), "/fallback/") == expected
    assert safe_next(rf.get("/", {"next": next_url}), "/fallback/") == expected


def test_safe_next_without_a_fallback_is_none(rf):
    assert safe_next(rf.get("/")) is None
