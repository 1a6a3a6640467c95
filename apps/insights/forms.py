"""The search form: a query, the filters and the sort (all optional, all GET)."""

from django import forms

from apps.identitycall.resources.analysis import EMOTIONS

STATUSES = ("pending", "processing", "completed", "failed")
SORTS = (
    ("relevance", "Best match"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("longest", "Longest first"),
    ("shortest", "Shortest first"),
    ("score_high", "Goal score, highest first"),
    ("score_low", "Goal score, lowest first"),
)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    project = forms.TypedChoiceField(label="Project", required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label="From", required=False)
    date_to = forms.DateField(label="To", required=False)
    min_minutes = forms.FloatField(label="At least (minutes)", required=False, min_value=0)
    max_minutes = forms.FloatField(label="At most (minutes)", required=False, min_value=0)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status")] + [(s, s.capitalize()) for s in STATUSES],
    )
    goals = forms.ChoiceField(
        label="Goals",
        required=False,
        choices=[("", "Any"), ("met", "All goals met"), ("missed", "A goal missed")],
    )
    emotion = forms.ChoiceField(
        label="A speaker felt",
        required=False,
        choices=[("", "Any emotion")] + [(e, e.capitalize()) for e in EMOTIONS],
    )
    long_pauses = forms.BooleanField(label="Has long pauses", required=False)
    sort = forms.ChoiceField(label="Sort", required=False, choices=SORTS)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "Any project"), *projects]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data
