"""Configuring a number: PATCH only what changed, and deactivation needs an explicit yes."""

from django.urls import reverse

from tests.virtual_numbers.builders import calls_to, detail_json, sent, url

EDIT = reverse("virtual_numbers:edit", args=[9])
DETAIL = reverse("virtual_numbers:detail", args=[9])
CURRENT = {
    "name": "US Sales Line",
    "active": "on",
    "recording": "on",
    "routing_strategy": "priority",
}


def test_the_settings_form_starts_from_the_numbers_values(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.get(EDIT)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="US Sales Line"' in html
    assert 'name="active" id="id_active" checked' in html
    assert 'value="priority" id="id_routing_strategy_0" required checked' in html
    assert "Rings everyone at once; the first to answer takes the call." in html
    assert "data-deactivate-warning hidden" in html


def test_saving_patches_only_the_changed_fields(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})
    upstream.patch(url("/virtual_numbers/9"), json={"data": detail_json(name="Support")})

    response = keyed.post(EDIT, {**CURRENT, "name": "Support", "routing_strategy": "round_robin"})

    (call,) = calls_to(upstream, "PATCH", "/virtual_numbers/9")
    assert sent(call) == {"name": "Support", "routing_strategy": "round_robin"}
    assert response.status_code == 302 and response["Location"] == DETAIL
    page = keyed.get(DETAIL).content.decode()
    assert "Saved +1 415-555-0100: name, routing strategy." in page


def test_saving_without_changes_sends_nothing(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(EDIT, CURRENT, follow=True)

    assert calls_to(upstream, "PATCH", "/virtual_numbers/9") == []
    assert b"Nothing changed, so nothing was sent to IdentityCall." in response.content


def test_turning_recording_off_sends_false(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})
    upstream.patch(url("/virtual_numbers/9"), json={"data": detail_json(recording=False)})

    keyed.post(EDIT, {k: v for k, v in CURRENT.items() if k != "recording"})

    assert sent(calls_to(upstream, "PATCH", "/virtual_numbers/9")[0]) == {"recording": False}


def test_deactivating_without_confirmation_warns_what_stops_and_sends_nothing(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})
    data = {k: v for k, v in CURRENT.items() if k != "active"}

    response = keyed.post(EDIT, {**data, "name": "Kept name"})

    html = response.content.decode()
    assert response.status_code == 422
    assert (
        "Callers to +1 415-555-0100 will no longer reach any operator; calls in progress continue."
        in html
    )
    assert "data-deactivate-warning hidden" not in html
    assert "Confirm that you want to deactivate this number" in html
    assert 'value="Kept name"' in html
    assert calls_to(upstream, "PATCH", "/virtual_numbers/9") == []


def test_deactivating_with_confirmation_sends_active_false(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})
    upstream.patch(url("/virtual_numbers/9"), json={"data": detail_json(active=False)})
    data = {k: v for k, v in CURRENT.items() if k != "active"}

    response = keyed.post(EDIT, {**data, "confirm_deactivate": "on"})

    assert sent(calls_to(upstream, "PATCH", "/virtual_numbers/9")[0]) == {"active": False}
    assert response.status_code == 302 and response["Location"] == DETAIL
    page = keyed.get(DETAIL).content.decode()
    assert "Saved +1 415-555-0100: active." in page


def test_activating_needs_no_confirmation(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json(active=False)})
    upstream.patch(url("/virtual_numbers/9"), json={"data": detail_json()})

    keyed.post(EDIT, CURRENT)

    assert sent(calls_to(upstream, "PATCH", "/virtual_numbers/9")[0]) == {"active": True}


def test_clearing_the_name_sends_null(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})
    upstream.patch(url("/virtual_numbers/9"), json={"data": detail_json(name=None)})

    keyed.post(EDIT, {**CURRENT, "name": ""})

    assert sent(calls_to(upstream, "PATCH", "/virtual_numbers/9")[0]) == {"name": None}


def test_an_unknown_strategy_is_refused_locally(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})

    response = keyed.post(EDIT, {**CURRENT, "routing_strategy": "random"})

    assert response.status_code == 422
    assert b"Select a valid choice" in response.content
    assert calls_to(upstream, "PATCH", "/virtual_numbers/9") == []


def test_upstream_validation_errors_land_on_their_fields(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})
    upstream.patch(
        url("/virtual_numbers/9"),
        status=422,
        json={"errors": ["name is too long", "Something else"]},
    )

    response = keyed.post(EDIT, {**CURRENT, "name": "Long"})

    html = response.content.decode()
    assert response.status_code == 422
    assert "name is too long" in html and "Something else" in html
    assert 'value="Long"' in html


def test_a_read_only_key_is_told_clearly_and_the_input_is_kept(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), json={"data": detail_json()})
    upstream.patch(
        url("/virtual_numbers/9"), status=403, json={"error": "Write permission required"}
    )

    response = keyed.post(EDIT, {**CURRENT, "name": "Support"})

    html = response.content.decode()
    assert response.status_code == 403
    assert [template.name for template in response.templates][0] == "virtual_numbers/edit.html"
    assert "Your API key is read-only, so it cannot change this number." in html
    assert 'value="Support"' in html


def test_editing_an_unknown_number_is_a_404(keyed, upstream):
    upstream.get(url("/virtual_numbers/9"), status=404, json={"error": "Resource not found"})

    for response in (keyed.get(EDIT), keyed.post(EDIT, CURRENT)):
        html = response.content.decode()
        assert response.status_code == 404
        assert "_partials/not_found.html" in [template.name for template in response.templates]
        assert "Number not found" in html
        assert "It may have been deleted, or your API key cannot see it." in html
        assert calls_to(upstream, "PATCH", "/virtual_numbers/9") == []
