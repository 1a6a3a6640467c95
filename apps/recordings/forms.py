"""Forms of the recordings section: the list's filters, the upload form and the rename form."""

from dataclasses import dataclass

from django import forms

from apps.reference.languages import DOCUMENTED
from apps.frame.listing import cut_short_note

from .ingest.rules import ACCEPT, MAX_BYTES, MB

STATUSES = (
    ("pending", "Pending"),
    ("processing", "Processing"),
    ("completed", "Completed"),
    ("failed", "Failed"),
)
PER_PAGE_CHOICES = (10, 20, 50, 100)
DEFAULT_PER_PAGE = 20

# IdentityCall docs gap: the create page lists twelve codes, the FAQ claims 100+ languages and the
# project examples use `lt`; uploads offer the twelve plus Lithuanian (apps/reference/languages.py
# lists the twelve).
LANGUAGES = (*DOCUMENTED, ("lt", "Lithuanian"))
DEFAULT_LANGUAGE = "en"  # the API's own default when no language is sent


@dataclass(frozen=True)
class ListQuery:
    """What the recordings list shows: one page of recordings, optionally filtered."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    status: str | None = None
    project: int | None = None

    @property
    def filtered(self):
        return bool(self.status or self.project)


class ListFilterForm(forms.Form):
    """The list's filters as they are rendered; `list_query` is what reads the query string."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=(("", "All statuses"), *STATUSES)
    )
    project = forms.ChoiceField(label="Project", required=False)
    per_page = forms.TypedChoiceField(
        label="Per page",
        coerce=int,
        choices=[(number, str(number)) for number in PER_PAGE_CHOICES],
        initial=DEFAULT_PER_PAGE,
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "All projects")] + [
            (str(project.id), project.name) for project in projects
        ]
        self.fields["project"].help_text = cut_short_note(projects, "projects")


def _positive_int(value):
    """Return value as an int when it is a positive whole number in plain digits, else None."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and 0 < len(value) <= 9:
        return int(value) or None
    return None


def list_query(params):
    """Return the ListQuery a query string asks for; anything unusable falls back to the default."""
    per_page = _positive_int(params.get("per_page"))
    status = params.get("status")
    return ListQuery(
        page=_positive_int(params.get("page")) or 1,
        per_page=per_page if per_page in PER_PAGE_CHOICES else DEFAULT_PER_PAGE,
        status=status if status in dict(STATUSES) else None,
        project=_positive_int(params.get("project")),
    )


def filter_form(query, projects):
    """Return the filter form showing `query`, with an entry for a project the key cannot list."""
    form = ListFilterForm(
        initial={
            "status": query.status or "",
            "project": str(query.project or ""),
            "per_page": query.per_page,
        },
        projects=projects,
    )
    known = {str(project.id) for project in projects}
    if query.project and str(query.project) not in known:
        unknown = (str(query.project), f"Project {query.project}")
        form.fields["project"].choices = [*form.fields["project"].choices, unknown]
    return form


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files; cleans to a list (empty when none were chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        # Empty files get the per-file sentence of uploads.check_file instead of a field error.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ProjectSelect(forms.Select):
    """A select whose options carry the project's language, so the page can preselect it."""

    def __init__(self, *args, languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        language = self.languages.get(str(value))
        if language:
            option["attrs"]["data-language"] = language
        return option


def _limits_text():
    by_size = {}
    for extension, limit in MAX_BYTES.items():
        by_size.setdefault(limit // MB, []).append(extension.upper())
    return "; ".join(f"{', '.join(names)} up to {size} MB" for size, names in by_size.items())


class UploadForm(forms.Form):
    """What goes with every file of an upload; the files themselves are checked one by one."""

    files = MultipleFileField(
        label="Audio files", help_text=f"Choose one or several files: {_limits_text()}."
    )
    project = forms.TypedChoiceField(label="Project", coerce=int)
    language = forms.ChoiceField(
        label="Language",
        required=False,
        help_text="Defaults to the project's language.",
    )
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text=(
            "Optional. With several files, each is named “name – file name”; "
            "left empty, IdentityCall names recordings itself."
        ),
    )
    external_id = forms.CharField(
        label="External ID",
        required=False,
        max_length=200,
        help_text=(
            "Optional, e.g. your CRM's call id. Left empty, the console derives one from the "
            "file's content, so the same file is never stored twice. With several files, each "
            "gets the ID plus a short fingerprint of its content."
        ),
    )
    # How many files the browser sends one by one with these fields (upload.js sets it).
    batch_size = forms.IntegerField(
        required=False, min_value=1, max_value=1000, widget=forms.HiddenInput
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.projects = {project.id: project for project in projects}
        project_field = self.fields["project"]
        project_field.widget = ProjectSelect(
            languages={str(p.id): p.language for p in projects if p.language}
        )
        choices = [(p.id, p.name) for p in projects]
        if len(projects) == 1:
            # A project-scoped key sees exactly one project: it is the only possible choice.
            project_field.initial = projects[0].id
            project_field.disabled = True
            project_field.help_text = "Your API key works with this project only."
        else:
            choices.insert(0, ("", "Choose a project"))
            project_field.help_text = cut_short_note(projects, "projects")
        project_field.choices = choices
        self.fields["language"].choices = self.language_choices(projects)
        chosen = self.projects.get(project_field.initial)
        if chosen is not None and chosen.language:
            self.fields["language"].initial = chosen.language

    @staticmethod
    def language_choices(projects):
        choices = [("", "The project's language"), *LANGUAGES]
        # A project may use a code outside the documented list; offer it rather than refuse it.
        known = {code for code, _ in LANGUAGES}
        extra = sorted({p.language for p in projects if p.language and p.language not in known})
        return choices + [(code, code) for code in extra]

    def clean_project(self):
        project = self.cleaned_data["project"]
        if project not in self.projects:
            raise forms.ValidationError("Choose one of your projects.")
        return project

    def language_to_send(self):
        """Return the chosen language, else the project's, else IdentityCall's default."""
        project = self.projects.get(self.cleaned_data.get("project"))
        return (
            self.cleaned_data.get("language")
            or (project.language if project else None)
            or DEFAULT_LANGUAGE
        )


class RenameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, strip=True)
