"""The project form (every documented field, validated as the API would) and the delete check."""

from django import forms

from apps.reference.languages import language_choices

# The fields POST and PATCH /projects accept (IdentityCall's projects reference), in form order.
API_FIELDS = (
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
)
INDUSTRY_EXAMPLES = ("ecommerce", "insurance", "healthcare", "banking", "telecom", "travel")
SAME_AS_LANGUAGE = "Same as the project language"


class ProjectForm(forms.Form):
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    # IdentityCall docs gap: no length limit is documented; 255 is what a typical column holds.
    name = forms.CharField(max_length=255)
    language = forms.ChoiceField(help_text="The language recordings in this project are spoken in.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    industry = forms.CharField(
        required=False,
        max_length=100,
        help_text="Free text, for example ecommerce, insurance or healthcare.",
        widget=forms.TextInput(attrs={"list": "industry-examples"}),
    )
    goal_language = forms.ChoiceField(
        required=False, help_text="The language goal evaluations are written in."
    )
    summary_language = forms.ChoiceField(
        required=False, help_text="The language summaries are written in."
    )
    long_pause_threshold_seconds = forms.IntegerField(
        label="Long-pause threshold (seconds)",
        required=False,
        min_value=1,
        help_text="Silence longer than this many seconds counts as a long pause.",
    )
    transcription_hints = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Vocabulary and proper nouns that help transcription, e.g. “KYC, SCA”.",
    )
    # data-disables / data-enables: static/js/dependent-fields.js greys out the field that does not
    # apply (its value stays in the box); without JavaScript clean() ignores it instead.
    no_retention = forms.BooleanField(
        label="No automatic deletion",
        required=False,
        help_text="Keep recordings until someone deletes them.",
        widget=forms.CheckboxInput(attrs={"data-disables": "id_retention_days"}),
    )
    retention_days = forms.IntegerField(
        label="Retention (days)",
        required=False,
        min_value=1,
        help_text="Recordings older than this are deleted automatically.",
    )
    quality_baseline_enabled = forms.BooleanField(
        label="Compare calls with a quality baseline",
        required=False,
        widget=forms.CheckboxInput(attrs={"data-enables": "id_quality_baseline_pct"}),
    )
    quality_baseline_pct = forms.FloatField(
        label="Quality baseline (%)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="From 0 to 100; needed when the quality baseline is on.",
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )

    def __init__(self, data=None, *, project=None, **kwargs):
        if project is not None:
            kwargs.setdefault("initial", initial_from(project))
        kwargs.setdefault("label_suffix", "")  # labels stand above or beside fields, no colon
        super().__init__(data, **kwargs)
        current = project.language if project else None
        self.fields["language"].choices = language_choices(current, blank="Choose a language")
        for name in ("goal_language", "summary_language"):
            kept = getattr(project, name, None) if project else None
            self.fields[name].choices = language_choices(kept, blank=SAME_AS_LANGUAGE)

    def clean(self):
        data = super().clean()
        if data.get("no_retention"):
            data["retention_days"] = None  # the tick wins over a number left in the box
        elif data.get("retention_days") is None and "retention_days" not in self.errors:
            self.add_error(
                "retention_days",
                "Enter how many days to keep recordings, or tick “No automatic deletion”.",
            )
        if not data.get("quality_baseline_enabled") and "quality_baseline_pct" not in self.data:
            # Off, and the box greyed out (a disabled field is not posted at all, unlike an
            # emptied one): the saved percentage stays as it was rather than being cleared.
            data["quality_baseline_pct"] = self.initial.get("quality_baseline_pct")
        if (
            data.get("quality_baseline_enabled")
            and data.get("quality_baseline_pct") is None
            and "quality_baseline_pct" not in self.errors
        ):
            self.add_error(
                "quality_baseline_pct",
                "Enter a percentage from 0 to 100, or turn the baseline off.",
            )
        return data

    def wanted(self) -> dict:
        """Return every API field as the valid form asks for it (blank text → None)."""
        # IdentityCall docs gap: PATCH keeps omitted keys; clearing a field by sending null is
        # inferred from the full form typing these fields "string or null" / "integer or null".
        data = self.cleaned_data
        language = data["language"]
        return {
            "name": data["name"],
            "language": language,
            "description": data["description"] or None,
            "industry": data["industry"] or None,
            # Blank means "same as the project language" (the API's own default on create).
            "goal_language": data["goal_language"] or language,
            "summary_language": data["summary_language"] or language,
            "long_pause_threshold_seconds": data["long_pause_threshold_seconds"],
            "transcription_hints": data["transcription_hints"] or None,
            "retention_days": data["retention_days"],
            "quality_baseline_enabled": bool(data["quality_baseline_enabled"]),
            "quality_baseline_pct": data["quality_baseline_pct"],
        }

    def create_fields(self) -> dict:
        """Return the POST /projects body: blank optional fields left out, except retention."""
        data = self.cleaned_data
        body = {name: value for name, value in self.wanted().items() if value is not None}
        for name in ("goal_language", "summary_language"):
            if not data[name]:
                body.pop(name)  # the API defaults them to the language
        # null is meaningful here: "no automatic deletion".
        body["retention_days"] = data["retention_days"]
        return body

    def changed_fields(self, project) -> dict:
        """Return only the fields whose wanted value differs from the project's current one."""
        current = current_values(project)
        return {name: value for name, value in self.wanted().items() if value != current[name]}


def current_values(project) -> dict:
    """Return the project's values in the shape ProjectForm.wanted() uses, for comparison."""
    values = {name: getattr(project, name, None) for name in API_FIELDS}
    for name in ("description", "industry", "transcription_hints"):
        values[name] = values[name] or None
    for name in ("goal_language", "summary_language"):
        values[name] = values[name] or project.language
    # A flag IdentityCall left out counts as off, so an untouched "off" is not sent again.
    values["quality_baseline_enabled"] = bool(values["quality_baseline_enabled"])
    return values


def initial_from(project) -> dict:
    """Return the form's initial values for editing project."""
    initial = {name: getattr(project, name, None) for name in API_FIELDS}
    initial["no_retention"] = project.retention_days is None
    return initial


class DeleteProjectForm(forms.Form):
    confirm_name = forms.CharField(
        label="Project name",
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, data=None, *, project_name, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above or beside fields, no colon
        super().__init__(data, **kwargs)
        self.project_name = project_name

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"]
        if typed != self.project_name:
            raise forms.ValidationError(
                "That is not the project’s name; type it exactly as shown "
                "(letters, case and spaces)."
            )
        return typed
