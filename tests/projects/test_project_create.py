"""Creating a project: every documented field, the API's own checks on the right fields, input
kept on every failure, and a form sent twice creating only once."""

import json
import re

import pytest

from apps.frame.key_hints import CANNOT_WRITE, SCOPE
from tests import transport_faults
from tests.projects.conftest import project_json, url

HTMX = {"HX-Request": "true"}
TOKEN = "0123456789abcdef0123456789abcdef"


def filled(**overrides):
    """Return a valid create form post; overrides replace or add fields (None removes one)."""
    data = {
        "form_token": TOKEN,
        "name": "Vilnius sales",
        "language": "lt",
        "description": "",
        "industry": "",
        "goal_language": "",
        "summary_language": "",
        "long_pause_threshold_seconds": "",
        "transcription_hints": "",
        "no_retention": "on",
        "retention_days": "",
        "quality_baseline_pct": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sent(upstream):
    """Return the JSON body of the one POST /projects made."""
    posts = [call for call in upstream.calls if call.request.method == "POST"]
    assert len(posts) == 1
    return json.loads(posts[0].request.body)


def test_the_form_offers_every_documented_field_with_no_automatic_deletion_ticked(keyed):
    response = keyed.get("/projects/new/")

    html = response.content.decode()
    assert response.status_code == 200
    for name in (
        "name",
        "language",
        "description",
        "industry",
        "goal_language",
        "summary_language",
        "long_pause_threshold_seconds",
        "transcription_hints",
        "retention_days",
        "quality_baseline_enabled",
        "quality_baseline_pct",
    ):
        assert f'name="{name}"' in html, name
    assert re.search(r'<input type="checkbox" name="no_retention"[^>]* checked', html)
    assert re.search(r'name="form_token" value="[0-9a-f]{32}"', html)
    assert "Same as the project language" in html
    assert "data-once" in html


def test_a_minimal_project_sends_name_language_and_no_retention_only(keyed, upstream):
    upstream.post(
        url("/projects"), status=201, json={"data": project_json(id=77, name="Vilnius sales")}
    )

    response = keyed.post("/projects/new/", filled())

    assert sent(upstream) == {
        "name": "Vilnius sales",
        "language": "lt",
        "retention_days": None,
        "quality_baseline_enabled": False,
    }
    assert response.status_code == 302
    assert response["Location"] == "/projects/77/"
    assert "Project “Vilnius sales” created." in keyed.get("/projects/new/").content.decode()


def test_every_field_filled_is_sent(keyed, upstream):
    upstream.post(url("/projects"), status=201, json={"data": project_json(id=77)})

    keyed.post(
        "/projects/new/",
        filled(
            description="Outbound",
            industry="insurance",
            goal_language="en",
            summary_language="de",
            long_pause_threshold_seconds="8",
            transcription_hints="KYC, SCA",
            no_retention=None,
            retention_days="730",
            quality_baseline_enabled="on",
            quality_baseline_pct="82.5",
        ),
    )

    assert sent(upstream) == {
        "name": "Vilnius sales",
        "language": "lt",
        "description": "Outbound",
        "industry": "insurance",
        "goal_language": "en",
        "summary_language": "de",
        "long_pause_threshold_seconds": 8,
        "transcription_hints": "KYC, SCA",
        "retention_days": 730,
        "quality_baseline_enabled": True,
        "quality_baseline_pct": 82.5,
    }


def test_htmx_success_answers_with_a_client_redirect(keyed, upstream):
    upstream.post(url("/projects"), status=201, json={"data": project_json(id=77)})

    response = keyed.post("/projects/new/", filled(), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/projects/77/"


def test_a_create_answer_without_an_id_goes_to_the_list(keyed, upstream):
    upstream.post(url("/projects"), status=201, json={"data": {"name": "Vilnius sales"}})

    response = keyed.post("/projects/new/", filled())

    assert response["Location"] == "/projects/"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"language": ""}, "language", "This field is required."),
        ({"language": "xx"}, "language", "Select a valid choice."),
        (
            {"long_pause_threshold_seconds": "0"},
            "long_pause_threshold_seconds",
            "greater than or equal to 1",
        ),
        (
            {"no_retention": None, "retention_days": ""},
            "retention_days",
            "or tick “No automatic deletion”",
        ),
        (
            {"no_retention": None, "retention_days": "-3"},
            "retention_days",
            "greater than or equal to 1",
        ),
        (
            {"quality_baseline_enabled": "on"},
            "quality_baseline_pct",
            "Enter a percentage from 0 to 100",
        ),
        ({"quality_baseline_pct": "100.5"}, "quality_baseline_pct", "less than or equal to 100"),
        ({"quality_baseline_pct": "-1"}, "quality_baseline_pct", "greater than or equal to 0"),
    ],
)
def test_invalid_input_is_refused_before_anything_is_sent(keyed, upstream, changes, field, message):
    response = keyed.post("/projects/new/", filled(description="kept text", **changes))

    html = response.content.decode()
    assert response.status_code == 422
    assert len(upstream.calls) == 0
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert "kept text" in html


def test_identitycall_422_messages_land_on_the_fields_they_name(keyed, upstream):
    upstream.post(
        url("/projects"),
        status=422,
        json={
            "errors": [
                "name has already been taken",
                "Quality baseline pct must be between 0 and 100",
                "Something else went wrong",
            ],
        },
    )

    response = keyed.post("/projects/new/", filled(description="kept"))

    form = response.context["form"]
    assert response.status_code == 422
    assert form.errors["name"] == ["Name has already been taken"]
    assert form.errors["quality_baseline_pct"] == ["Quality baseline (%) must be between 0 and 100"]
    assert form.non_field_errors() == ["Something else went wrong"]
    assert 'value="Vilnius sales"' in response.content.decode()


def test_htmx_422_answers_only_the_form_partial(keyed, upstream):
    upstream.post(url("/projects"), status=422, json={"errors": ["name has already been taken"]})

    response = keyed.post("/projects/new/", filled(), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith('<form id="project-form"')
    assert "Name has already been taken" in html
    assert "<html" not in html


def test_a_read_only_key_keeps_the_input_and_says_so(keyed, upstream):
    upstream.post(url("/projects"), status=403, json={"error": "Write permission required"})

    response = keyed.post("/projects/new/", filled(description="my notes"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your API key is read-only: it does not have write permission." in html
    assert "Nothing was saved; your entries are kept below." in html
    assert "my notes" in html and 'value="Vilnius sales"' in html
    assert keyed.session[CANNOT_WRITE] is True


def test_a_project_scoped_key_is_told_and_remembered(keyed, upstream):
    upstream.post(
        url("/projects"),
        status=403,
        json={"error": "Project-scoped API keys cannot create or destroy projects"},
    )

    response = keyed.post("/projects/new/", filled())

    assert response.status_code == 403
    assert (
        "limited to one project, so it cannot create or delete projects"
        in response.content.decode()
    )
    assert SCOPE in keyed.session


def test_once_known_scoped_the_create_page_explains_instead_of_offering_the_form(keyed):
    session = keyed.session
    session[SCOPE] = 42
    session.save()

    html = keyed.get("/projects/new/").content.decode()

    assert "limited to one project" in html
    assert 'id="project-form"' not in html


@pytest.mark.parametrize(
    ("answer", "status", "sentence"),
    [
        # A create that may have happened (5xx, timeout, dropped): test_create_unknown_outcome.
        (
            {"body": transport_faults.refused()},
            502,
            "IdentityCall is unreachable; nothing was changed.",
        ),
        (
            {"status": 429, "json": {"error": "slow down"}, "headers": {"Retry-After": "9"}},
            429,
            "try again in 9 seconds",
        ),
    ],
)
def test_an_unavailable_upstream_keeps_the_input(keyed, upstream, answer, status, sentence):
    upstream.post(url("/projects"), **answer)

    response = keyed.post("/projects/new/", filled(description="kept"))

    html = response.content.decode()
    assert response.status_code == status
    assert sentence in html
    assert "kept" in html and 'value="Vilnius sales"' in html


def test_a_rejected_key_goes_to_the_middleware_page(keyed, upstream):
    upstream.post(url("/projects"), status=401, json={"error": "Invalid or expired API key"})

    response = keyed.post("/projects/new/", filled())

    assert response.status_code == 401
    assert "IdentityCall rejected your API key." in response.content.decode()


def test_the_same_form_sent_twice_creates_once_and_shows_the_first_result(keyed, upstream):
    upstream.post(
        url("/projects"), status=201, json={"data": project_json(id=77, name="Vilnius sales")}
    )

    first = keyed.post("/projects/new/", filled())
    second = keyed.post("/projects/new/", filled())

    assert len(upstream.calls) == 1
    assert first["Location"] == second["Location"] == "/projects/77/"
    page = keyed.get("/projects/new/").content.decode()
    assert "was already created from this form, so it was not created again" in page


def test_a_form_whose_post_failed_can_be_sent_again(keyed, upstream):
    upstream.post(url("/projects"), body=transport_faults.refused())  # it never left
    keyed.post("/projects/new/", filled())
    upstream.replace("POST", url("/projects"), status=201, json={"data": project_json(id=77)})

    response = keyed.post("/projects/new/", filled())

    assert response.status_code == 302
    assert len(upstream.calls) == 2


def test_another_form_token_creates_again(keyed, upstream):
    upstream.post(url("/projects"), status=201, json={"data": project_json(id=77)})

    keyed.post("/projects/new/", filled())
    keyed.post("/projects/new/", filled(form_token="f" * 32))

    assert len(upstream.calls) == 2
