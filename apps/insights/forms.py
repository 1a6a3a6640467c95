"""The search form: a query, the filters and the sort (all optional, all GET)."""

from django import forms

from apps.identitycall.resources.analysis import EMOTIONS
from apps.index.search import day_range_errors

STATUSES = ("pending", "processing", "completed", "failed")
# Minutes far past any call (a week), so a duration filter never overflows the database's numbers.
MOST_MINUTES = 7 * 24 * 60
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
    min_minutes = forms.FloatField(label="At least (minutes)", required=False, min_value=0,
                                   max_value=MOST_MINUTES)
    max_minutes = forms.FloatField(label="At most (minutes)", required=False, min_value=0,
                                   max_value=MOST_MINUTES)
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
    # What a row of Insights' "Long pauses per call" opens.
    long_pause_count = forms.IntegerField(label="Exactly this many long pauses", required=False,
                                          min_value=0, max_value=100_000)
    # A long pause of a length: what a bar of Insights' "Long pauses by length" opens.
    pause_from = forms.IntegerField(label="A long pause of at least (s)", required=False,
                                    min_value=0, max_value=MOST_MINUTES * 60)
    pause_to = forms.IntegerField(label="A long pause shorter than (s)", required=False,
                                  min_value=1, max_value=MOST_MINUTES * 60)
    sort = forms.ChoiceField(label="Sort", required=False, choices=SORTS)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "Any project"), *projects]

    def clean(self):
        data = super().clean()
        for name, message in day_range_errors(data.get("date_from"), data.get("date_to")):
            self.add_error(name, message)
        shortest, longest = data.get("pause_from"), data.get("pause_to")
        if shortest is not None and longest is not None and shortest >= longest:
            self.add_error("pause_to", "The longest pause must be longer than the shortest.")
        return data
