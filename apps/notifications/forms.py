from django import forms


class EmailPreferenceForm(forms.Form):
    """Whether to be e-mailed when a recording one uploaded finishes, and where to."""

    email_when_done = forms.BooleanField(
        required=False, label="E-mail me when a recording I uploaded is ready or has failed"
    )
    email = forms.EmailField(
        required=False, label="E-mail address", max_length=254,
        help_text="Where those e-mails go (it is also your account’s address).",
    )

    def clean(self):
        data = super().clean()
        if data.get("email_when_done") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter the address the e-mails should go to.")
        return data
