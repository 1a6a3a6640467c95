"""IdentityCall's answers to a form post, put on the form: 422 messages onto fields, refusals."""

import pytest
from django import forms

from apps.frame.form_errors import add_api_errors, explain_write_failure
from apps.frame.key_hints import CANNOT_DELETE, CANNOT_WRITE, explain_refusal
from apps.identitycall import errors


class TwoFields(forms.Form):
    retention_days = forms.IntegerField(required=False)
    name = forms.CharField(required=False)


def bound_form():
    form = TwoFields({})
    assert form.is_valid()
    return form


@pytest.mark.parametrize(
    ("message", "field", "shown"),
    [
        ("name can't be blank", "name", "Name can't be blank"),
        ("Name has already been taken", "name", "Name has already been taken"),
        (
            "retention_days must be at least 1",
            "retention_days",
            "Retention days must be at least 1",
        ),
        (
            "Retention days must be at least 1",
            "retention_days",
            "Retention days must be at least 1",
        ),
        (
            "retention_days: must be at least 1",
            "retention_days",
            "Retention days must be at least 1",
        ),
        ("names are weird", None, "names are weird"),  # "name" only as a whole word
        ("Something failed", None, "Something failed"),
    ],
)
def test_a_422_message_lands_on_the_field_it_starts_with(message, field, shown):
    form = bound_form()

    add_api_errors(form, errors.ValidationError(message, status=422, errors=[message]))

    key = field or "__all__"
    assert form.errors[key] == [shown]


def test_a_422_without_messages_gets_a_plain_sentence():
    form = bound_form()

    add_api_errors(form, errors.ValidationError(None, status=422))

    assert form.non_field_errors() == ["IdentityCall did not accept the request as sent."]


@pytest.fixture
def post(rf, django_user_model, db):
    """A bare POST with a session and a user, as the views' refusal sentences see it."""
    request = rf.post("/")
    request.session = {}
    request.user = django_user_model(username="x")
    return request


def test_a_read_only_refusal_of_an_action_says_what_cannot_be_done_and_remembers_it(post):
    exc = errors.PermissionDeniedError("Write permission required", status=403)

    why = explain_refusal(post, exc, action="buy numbers")

    assert why == (
        "Your API key is read-only, so it cannot buy numbers. Save a key with write permission "
        "under Settings → API key, or ask the account owner to do this."
    )
    assert post.session[CANNOT_WRITE] is True


def test_a_refusal_without_an_action_is_the_key_hints_sentence(post):
    exc = errors.PermissionDeniedError("Delete permission required.", status=403)

    assert explain_refusal(post, exc) == "Your API key cannot delete: it does not have delete permission."
    assert post.session[CANNOT_DELETE] is True


def test_an_unknown_refusal_gets_the_plain_permission_sentence(post):
    exc = errors.PermissionDeniedError("<b>Nope</b>", status=403)

    assert explain_refusal(post, exc, action="buy numbers") == "Your API key does not allow this action."
    assert explain_refusal(post, exc) == "Your API key does not allow this action."
    assert CANNOT_WRITE not in post.session


def test_a_refused_write_keeps_the_input_and_says_what_was_left_untouched(post):
    form = bound_form()
    exc = errors.PermissionDeniedError("Write permission required", status=403)

    status = explain_write_failure(post, form, exc, outcome="The project was not deleted.")

    assert status == 403
    assert form.non_field_errors() == [
        "Your API key is read-only: it does not have write permission. The project was not "
        "deleted."
    ]


def test_a_read_only_refusal_of_an_action_is_said_once_without_the_outcome(post):
    form = bound_form()
    exc = errors.PermissionDeniedError("Write permission required", status=403)

    explain_write_failure(post, form, exc, action="change this number")

    assert form.non_field_errors() == [explain_refusal(post, exc, action="change this number")]


def test_any_other_refusal_of_an_action_still_says_what_was_left_untouched(post):
    form = bound_form()
    exc = errors.PermissionDeniedError("Delete permission required", status=403)

    explain_write_failure(post, form, exc, action="change this number")

    assert form.non_field_errors() == [
        "Your API key does not have delete permission, which this action needs. Nothing was "
        "saved; your entries are kept below."
    ]


@pytest.mark.parametrize("exc", [errors.AuthenticationError(status=401),
                                 errors.NotFoundError(status=404)])
def test_a_rejected_key_and_a_404_are_left_to_the_caller(post, exc):
    with pytest.raises(type(exc)):
        explain_write_failure(post, bound_form(), exc)
