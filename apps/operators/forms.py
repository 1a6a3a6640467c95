"""The operator form: phone numbers are checked and turned into E.164 before anything is sent."""

from django import forms

from apps.reference.phones import (
    DEFAULT_REGION,
    clean_phone,
    format_phone,
    region_choices,
    region_of,
)
from apps.reference.routing import number_label

API_FIELDS = ("name", "phone_number", "email", "active")


class OperatorForm(forms.Form):
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    # IdentityCall docs gap: no length limit is documented; 255 is what a typical column holds.
    name = forms.CharField(max_length=255, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone_number = forms.CharField(
        max_length=40,
        help_text=(
            "International (+370 600 12345) or local format for the region below; it is sent "
            "in E.164 form and the page then shows how IdentityCall saved it."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    region = forms.ChoiceField(
        label="Country of a local number",
        initial=DEFAULT_REGION,
        help_text="Used only when the number does not start with +.",
    )
    email = forms.EmailField(
        required=False, help_text="Optional; leave it empty for no email address."
    )
    active = forms.BooleanField(
        required=False, initial=True, help_text="Only active operators receive routed calls."
    )

    def __init__(self, data=None, *, operator=None, **kwargs):
        if operator is not None:
            kwargs.setdefault("initial", initial_from(operator))
        kwargs.setdefault("label_suffix", "")  # labels stand above or beside fields, no colon
        super().__init__(data, **kwargs)
        self.fields["region"].choices = region_choices()

    def clean(self):
        data = super().clean()
        clean_phone(self, data)  # E.164 out, as the numbers screens' "new operator" form does
        return data

    def wanted(self) -> dict:
        """Return the API fields as the form asks for them (phone in E.164, no email → None)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "phone_number": data["phone_number"],
            "email": data["email"] or None,
            "active": bool(data["active"]),
        }

    def create_fields(self) -> dict:
        """Return the keyword arguments of create_operator (no email left out)."""
        return self.wanted()

    def changed_fields(self, operator) -> dict:
        """Return only the fields that differ from operator's (a removed email is sent as null)."""
        current = {
            "name": operator.name,
            "phone_number": operator.phone_number,
            "email": operator.email or None,
            "active": bool(operator.active),
        }
        return {name: value for name, value in self.wanted().items() if value != current[name]}


def initial_from(operator) -> dict:
    """Return the form's initial values for editing operator."""
    initial = {name: getattr(operator, name, None) for name in API_FIELDS}
    initial["phone_number"] = format_phone(operator.phone_number)  # reads back to the same E.164
    initial["region"] = region_of(operator.phone_number)
    return initial


class AttachForm(forms.Form):
    """The number to attach an operator to, offered from the numbers it is not on yet."""

    # Any id is accepted: IdentityCall decides whether the key may route that number (404 if not).
    number_id = forms.IntegerField(
        label="Number",
        min_value=1,
        widget=forms.Select,
        error_messages={"required": "Choose the number this operator should answer."},
    )

    def __init__(self, data=None, *, numbers=(), **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above or beside fields, no colon
        super().__init__(data, **kwargs)
        self.fields["number_id"].widget.choices = [("", "Choose a number")] + [
            (number.id, number_label(number)) for number in numbers
        ]


class DeleteOperatorForm(forms.Form):
    """Nothing to fill in: it carries the reasons a delete was refused."""
