"""The API key form: a password-style field that never renders its value back."""

from django import forms

PREFIX = "idc_"
MIN_LENGTH, MAX_LENGTH = 20, 128


class ApiKeyForm(forms.Form):
    api_key = forms.CharField(
        label="API key",
        strip=True,
        help_text=(
            "Starts with idc_. Create one in the IdentityCall dashboard under Settings → API Keys; "
            "the console needs at least read permission."
        ),
        widget=forms.PasswordInput(
            render_value=False,
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"},
        ),
    )

    def clean_api_key(self):
        value = self.cleaned_data["api_key"]
        # IdentityCall docs gap: keys are documented as idc_ + 32 alphanumerics, but §10 of our API
        # notes says to check only the prefix and a 20–128 length so a longer format still works.
        if not value.startswith(PREFIX):
            raise forms.ValidationError("An IdentityCall API key starts with idc_.")
        if not MIN_LENGTH <= len(value) <= MAX_LENGTH:
            raise forms.ValidationError(
                f"An IdentityCall API key is {MIN_LENGTH} to {MAX_LENGTH} characters long; "
                f"this one has {len(value)}."
            )
        # Anything outside printable ASCII cannot travel in an Authorization header.
        if not all("!" <= char <= "~" for char in value):
            raise forms.ValidationError(
                "An IdentityCall API key has no spaces or special characters; copy it again."
            )
        return value
