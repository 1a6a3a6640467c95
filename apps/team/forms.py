"""The team page's forms: invite, change a role, and the invitee's own name and password."""

from django import forms
from django.contrib.auth import get_user_model, password_validation

from apps.accounts.models import Membership


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=150)
    role = forms.ChoiceField(choices=Membership.ROLES, initial=Membership.MEMBER)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if users.filter(username__iexact=email).exists() or users.filter(
            email__iexact=email
        ).exists():
            raise forms.ValidationError("Someone with this e-mail address is already a member.")
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.ROLES)


class AcceptForm(forms.Form):
    """The invitee's name and password (Django's password validators)."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    password1 = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Password again", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            user = get_user_model()(username=self.email, email=self.email,
                                    first_name=cleaned.get("first_name", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
