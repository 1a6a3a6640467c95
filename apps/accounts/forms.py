"""The login forms that count failures (console and admin), and the API key form that never
shows its value."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from apps.accounts import throttle
from apps.audit.addresses import client_address

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
        # IdentityCall docs gap: keys are documented as idc_ + 32 alphanumerics; only the prefix
        # and a 20–128 length are checked, so a longer format still works
        # (docs/api-decisions.md, "API key shape").
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


def mark_throttled(response, form):
    """Make a login page that refused to check a password answer 429 with Retry-After."""
    if getattr(form, "blocked_for", 0):
        response.status_code = 429
        response["Retry-After"] = str(form.blocked_for)
    return response


class ThrottledLoginMixin:
    """Refuses without a password check once too many attempts failed; counts wrong passwords.

    Every login form mixes it in (the console's and the admin's), so both count in one place.
    """

    # Seconds until logins are accepted again; non-zero once this form refused for that reason.
    blocked_for = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # a missing field: nothing is checked, nothing is counted
        address = client_address(self.request.META) if self.request else None
        self._refuse_if_blocked(username, address)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # A right password refused for another reason (the admin wants staff) is no guess.
            if self.get_user() is None:
                throttle.note_failure(username, address)
                # The failure that reaches the limit already says so, instead of one more "wrong".
                self._refuse_if_blocked(username, address)
            raise
        throttle.note_success(username)
        return cleaned

    def _refuse_if_blocked(self, username, address):
        self.blocked_for = throttle.seconds_blocked(username, address)
        if self.blocked_for:
            raise forms.ValidationError(
                throttle.wait_message(self.blocked_for), code="throttled"
            )


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    """Django's login form, throttled."""


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form (staff only), throttled together with the console's."""
