"""Fields that do not apply: the retention days while "No automatic deletion" is ticked and the
baseline percentage while the baseline is off are marked for static/js/dependent-fields.js, and
the server ignores or keeps them the same way with or without JavaScript."""

import json

from django.urls import reverse

from tests.factories import BASE

EDIT = reverse("projects:edit", args=[42])


def project_json(**overrides):
    data = {"id": 42, "name": "Support", "language": "en", "retention_days": 30,
            "quality_baseline_enabled": True, "quality_baseline_pct": 72.5}
    return data | overrides


def posted(**overrides):
    data = {"name": "Support", "language": "en", "goal_language": "", "summary_language": "",
            "retention_days": "30", "quality_baseline_enabled": "on",
            "quality_baseline_pct": "72.5"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def patched(upstream):
    (call,) = [c for c in upstream.calls if c.request.method == "PATCH"]
    return json.loads(call.request.body)


def test_the_form_marks_which_field_each_box_switches(keyed, upstream):
    upstream.get(BASE + "/projects/42", json={"data": project_json()})

    html = keyed.get(EDIT).content.decode()

    assert 'data-disables="id_retention_days"' in html
    assert 'data-enables="id_quality_baseline_pct"' in html
    assert "js/dependent-fields" in html and "<script>" not in html


def test_turning_the_baseline_off_with_its_box_greyed_out_keeps_the_saved_percentage(
    keyed, upstream
):
    upstream.get(BASE + "/projects/42", json={"data": project_json()})
    upstream.patch(BASE + "/projects/42", json={"data": project_json()})

    # A disabled field is not posted at all.
    keyed.post(EDIT, posted(quality_baseline_enabled=None, quality_baseline_pct=None))

    assert patched(upstream) == {"quality_baseline_enabled": False}


def test_no_automatic_deletion_wins_over_days_left_in_the_box_without_javascript(keyed, upstream):
    upstream.get(BASE + "/projects/42", json={"data": project_json()})
    upstream.patch(BASE + "/projects/42", json={"data": project_json(retention_days=None)})

    keyed.post(EDIT, posted(no_retention="on", retention_days="30"))

    assert patched(upstream) == {"retention_days": None}
