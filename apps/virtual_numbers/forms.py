"""Forms of the numbers screens: search, purchase, settings and routing."""

from django import forms

from apps.reference.countries import NUMBER_TYPES, country_choices, country_name
from apps.reference.phones import clean_phone, format_phone, region_choices
from apps.reference.routing import operator_label

ROUTING_STRATEGIES = {
    "priority": ("Priority", "Rings operators in order until one answers."),
    "round_robin": ("Round robin", "Rotates which operator is rung first for each new call."),
    "simultaneous": ("Simultaneous", "Rings everyone at once; the first to answer takes the call."),
}


class SearchForm(forms.Form):
    """The inventory search; region and feature narrow the result on the page."""

    country = forms.ChoiceField(choices=country_choices, initial="US")
    number_type = forms.ChoiceField(
        label="Number type", choices=list(NUMBER_TYPES.items()), initial="mobile"
    )
    region = forms.CharField(required=False, max_length=100)
    feature = forms.CharField(required=False, max_length=50)

    @classmethod
    def from_query(cls, query):
        """Return the form bound to a query string, defaults filled and the country upper-cased."""
        data = {
            "country": (query.get("country") or "US").strip().upper(),
            "number_type": (query.get("number_type") or "mobile").strip().lower(),
            "region": query.get("region", ""),
            "feature": query.get("feature", ""),
        }
        return cls(data)


class OfferForm(forms.Form):
    """The chosen number, as the search result's "Buy…" link sends it to the confirmation."""

    phone_number = forms.CharField(max_length=32)
    country_code = forms.ChoiceField(choices=country_choices)
    number_type = forms.ChoiceField(choices=list(NUMBER_TYPES.items()))

    @classmethod
    def from_query(cls, query):
        """Return the form bound to a query string, codes normalised."""
        return cls(
            {
                "phone_number": query.get("phone_number", "").strip(),
                "country_code": query.get("country_code", "").strip().upper(),
                "number_type": query.get("number_type", "").strip().lower(),
            }
        )


class PurchaseForm(forms.Form):
    """The confirmation: a display name, maybe a requirement group, and the one-time token."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    name = forms.CharField(
        label="Display name",
        max_length=255,
        help_text="How this number appears in the console, e.g. “US Sales Line”.",
    )
    requirement_group_id = forms.IntegerField(
        label="Regulatory requirement group ID",
        required=False,
        min_value=1,
        help_text=(
            "Some countries only assign a number once the owner has proved a local address or "
            "business. IdentityCall keeps the approved documents as a regulatory requirement "
            "group; create one in the IdentityCall dashboard and enter its number here."
        ),
    )

    def __init__(self, *args, requirement_required=False, country="", **kwargs):
        super().__init__(*args, **kwargs)
        if requirement_required:
            field = self.fields["requirement_group_id"]
            field.label = f"Regulatory requirement group ID (required in {country_name(country)})"
            field.widget.attrs["aria-required"] = "true"

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class NumberSettingsForm(forms.Form):
    """Name, active, recording and routing strategy; `changes()` says what to PATCH."""

    name = forms.CharField(label="Display name", max_length=255, required=False)
    active = forms.BooleanField(label="Active (receives calls)", required=False)
    recording = forms.BooleanField(label="Record calls", required=False)
    routing_strategy = forms.ChoiceField(
        label="Routing strategy",
        choices=[(value, label) for value, (label, _) in ROUTING_STRATEGIES.items()],
        widget=forms.RadioSelect,
    )
    confirm_deactivate = forms.BooleanField(required=False)

    def __init__(self, *args, number, **kwargs):
        self.number = number
        kwargs.setdefault("label_suffix", "")  # labels stand above or beside fields, no colon
        kwargs.setdefault(
            "initial",
            {
                "name": number.name or "",
                "active": bool(number.active),
                "recording": bool(number.recording),
                "routing_strategy": number.routing_strategy or "priority",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields[
            "confirm_deactivate"
        ].label = f"Yes, deactivate {format_phone(number.phone_number)}"

    @property
    def deactivating(self) -> bool:
        """Return whether the submitted form turns an active number off."""
        return bool(self.number.active) and not self.cleaned_data.get("active", True)

    @property
    def warn_deactivation(self) -> bool:
        """Return whether to show what deactivating stops (the form asked to turn it off)."""
        return self.is_bound and hasattr(self, "cleaned_data") and self.deactivating

    def clean(self):
        cleaned = super().clean()
        if self.deactivating and not cleaned.get("confirm_deactivate"):
            self.add_error(
                "confirm_deactivate",
                "Confirm that you want to deactivate this number, or tick Active again.",
            )
        return cleaned

    def changes(self) -> dict:
        """Return the fields whose submitted value differs from the number's current value."""
        current = {
            "name": self.number.name or "",
            "active": self.number.active,
            "recording": self.number.recording,
            "routing_strategy": self.number.routing_strategy,
        }
        changed = {
            field: self.cleaned_data[field]
            for field, value in current.items()
            if self.cleaned_data[field] != value
        }
        if changed.get("name") == "":
            # IdentityCall docs gap: a number's name is nullable but clearing it is undocumented;
            # null is what the API itself shows for a number without a name.
            changed["name"] = None
        return changed


class AttachOperatorForm(forms.Form):
    """Attach an operator the account already has (IdentityCall checks that the id exists)."""

    operator_id = forms.IntegerField(
        label="Operator",
        min_value=1,
        error_messages={"required": "Choose an operator to attach."},
        widget=forms.Select,
    )

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offer(operators)

    def offer(self, operators):
        """Show `operators` (a number's `available_operators`) as the select's choices."""
        self.fields["operator_id"].widget.choices = [("", "Choose an operator…")] + [
            (op.id, operator_label(op)) for op in operators
        ]


class NewOperatorForm(forms.Form):
    """Create an operator and attach it in one step; the phone is normalised to E.164 first."""

    name = forms.CharField(label="Name", max_length=255)
    phone_number = forms.CharField(
        label="Phone number",
        max_length=40,
        help_text="International (+1 415 555 0100), or local format for the country below.",
    )
    # The one country picker for phone numbers, as on the operator form (apps/reference/phones.py).
    region = forms.ChoiceField(
        label="Country of a local number",
        choices=region_choices,
        initial="US",
        help_text="Used only when the number does not start with +.",
    )

    def clean(self):
        cleaned = super().clean()
        clean_phone(self, cleaned)
        return cleaned
