"""The recordings list's rows: a Row per recording, and the <tr> of each built in Python.

Through templates (an include and three {% url %} tags a row) a 100-row page cost ~120 ms of CPU;
built here it costs ~10 ms. Every value from IdentityCall is escaped in row_html() or status_html()
with html.escape (what autoescape calls); the rest are the console's own addresses and words.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape as escape_text
from urllib.parse import quote

from django.template.defaultfilters import floatformat
from django.urls import NoReverseMatch, reverse
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString
from django.utils.text import capfirst, slugify
from django.utils.timezone import template_localtime

from apps.identitycall.resources import Recording

from .renames import recording_identity, saved_names_for
from .speakers import names_from_list


@dataclass(frozen=True)
class Row:
    """One line of the list: the recording, the name of its project, its speakers' names."""

    recording: Recording
    project_name: str
    speakers: tuple = ()  # as apps/recordings/speakers.py names them everywhere
    playable: bool = False  # the console keeps its audio
    selected: bool = False  # in the person's selection (apps/recordings/selection.py)

    @property
    def duration(self):
        """Return the duration as m:ss (h:mm:ss from an hour), or '' when unknown."""
        if self.recording.duration_ms is None:
            return ""
        minutes, seconds = divmod(round(self.recording.duration_ms / 1000), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def rows_for(page, projects, *, kept=frozenset(), selected=frozenset()):
    """Return a Row per recording of page, each with its project's name; `kept` and `selected`
    are the refs with the console's audio and in the person's selection."""
    names = {project.id: project.name for project in projects}

    def project_name(recording):
        if recording.project_id is None:
            return ""
        return names.get(recording.project_id) or f"Project {recording.project_id}"

    renames = saved_names_for(page.items)

    def speakers(recording):
        names = renames.get(recording_identity(recording))
        return tuple(names_from_list(recording.speakers, names))

    return [Row(item, project_name(item), speakers(item), item.ref in kept,
                str(item.ref).lower() in selected) for item in page.items]


class RowLinks:
    """Each row's detail, rename and delete addresses, with every route reversed once per page."""

    ROUTES = ("detail", "rename", "delete", "audio")
    # A ref of URL-safe characters goes in as it is; any other (None, "a/b", spaces...) takes
    # reverse(), so quoting and refusals stay exactly Django's.
    PLAIN_REF = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")
    PLACEHOLDER = "0ref0"

    def __init__(self):
        self._parts = {}
        for route in self.ROUTES:
            try:
                url = reverse(f"recordings:{route}", args=[self.PLACEHOLDER])
            except NoReverseMatch:  # a route not mounted: its links stay empty, as {% url as %}
                continue
            self._parts[route] = url.rsplit(self.PLACEHOLDER, 1)

    def url(self, route, ref):
        """Return the address of route for ref; "" when there is none (as `{% url ... as x %}`)."""
        if route not in self._parts:
            return ""
        if ref is not None and self.PLAIN_REF.fullmatch(ref):
            head, tail = self._parts[route]
            return f"{head}{ref}{tail}"
        try:
            return reverse(f"recordings:{route}", args=[ref])
        except NoReverseMatch:
            return ""


# One row of the list, built here rather than in a template loop: through templates a 100-row
# page cost ~120 ms of CPU. Every value from IdentityCall is escaped in row_html() or
# status_html() with html.escape (what autoescape calls); the rest are the console's own
# addresses and words. The name cell is templates/recordings/_name.html with place="list", which
# a rename swaps back in: tests/recordings/test_list.py checks that the two stay alike.
ROW_HTML = """<tr id="recording-row-{ref}" class="recording-row">
  <td class="recording-row__select"><input type="checkbox" class="recording-row__check" name="selected" value="{ref}" form="recordings-selection" data-select-row aria-label="Select {label}"{checked}><input type="hidden" name="shown" value="{ref}|{plain_name}" form="recordings-selection"></td>
  <td data-label="Name" class="recording-row__name">
<span class="recording-name" data-recording="{ref}">
  {name_html}
{edit_html}</span>
</td>
  <td data-label="Project" class="recording-row__project">{project}</td>
  <td data-label="Status" class="recording-row__status">{status}</td>
  <td data-label="Duration" class="num recording-row__duration">{duration}</td>
  <td data-label="Speakers" class="recording-row__speakers{no_speakers}">{speakers}</td>
  <td data-label="Goals" class="num recording-row__goal">{goal}</td>
  <td data-label="Uploaded" class="recording-row__created">{created}</td>
  <td class="recording-row__actions">{play}<details class="row-menu">
    <summary class="row-menu__toggle" aria-label="Actions for {label}"><span aria-hidden="true">⋯</span></summary>
    <ul class="row-menu__list">
      <li><a class="row-menu__item" href="{detail_url}">Open</a></li>
{rename_item}{delete_item}    </ul>
  </details></td>
</tr>"""
# What the key may not do is left out of a row (the list says why above the table: list.html).
EDIT_HTML = """  <a class="recording-name__edit" href="{rename_url}?place=list&amp;next={next}"
     hx-get="{rename_url}?place=list&amp;next={next}"
     hx-target="closest .recording-name" hx-swap="outerHTML"
     aria-label="Edit name of {label}">Edit name</a>
"""
RENAME_ITEM_HTML = """      <li><a class="row-menu__item" href="{rename_url}?place=list&amp;next={next}"
         hx-get="{rename_url}?place=list&amp;next={next}"
         hx-target="#recording-row-{ref} .recording-name" hx-swap="outerHTML"
         data-menu-close>Rename</a></li>
"""
DELETE_ITEM_HTML = """      <li><a class="row-menu__item row-menu__item--danger recording-row__delete"
         href="{delete_url}?place=list&amp;next={next}"
         hx-get="{delete_url}?place=list" hx-target="#recordings-dialog" hx-swap="innerHTML"
         aria-label="Delete {label}">Delete…</a></li>
"""
# Where the console keeps the audio: plays in place with recordings-list.js, else opens the file.
PLAY_HTML = ('<a class="row-play" href="{}" data-row-play aria-label="Play {}">'
             '<span class="row-play__icon" aria-hidden="true"></span></a>')
NAME_LINK_HTML = '<a class="recording-name__text" href="{}">{}</a>'
NAME_TEXT_HTML = '<span class="recording-name__text">{}</span>'
STATUS_HTML = '<span class="badge badge--{}">{}</span>'
UNKNOWN_STATUS_HTML = '<span class="muted">Unknown</span>'
CREATED_HTML = (
    '<time datetime="{}"><span class="nowrap">{},</span> <span class="nowrap">{}</span></time>'
)


def rows_html(rows, next_path, *, can_write=True, can_delete=True):
    """Return every row's <tr> as HTML; each row's rename and delete links return to next_path.
    Rename is left out when the key cannot write, Delete when it cannot delete."""
    links = RowLinks()
    next_query = escape_text(quote(next_path, safe="/"))  # as `|urlencode` in _name.html
    months = {number: name.title() for number, name in MONTHS_3.items()}  # the date filter's M
    can = (can_write, can_delete)
    return SafeString("\n".join(row_html(row, links, next_query, months, can) for row in rows))


def row_html(row, links, next_query, months, can=(True, True)):
    """Return one row's <tr>, every value from IdentityCall escaped; `can`: (write, delete)."""
    recording = row.recording
    ref = recording.ref
    name = escape_text(recording.name or "Untitled recording")
    detail_url = links.url("detail", ref)
    goal = recording.goal_achievement
    label = escape_text(recording.name or "this recording")
    parts = {"rename_url": escape_text(links.url("rename", ref)), "next": next_query,
             "label": label, "ref": escape_text(str(ref)),
             "delete_url": escape_text(links.url("delete", ref))}
    return ROW_HTML.format(
        edit_html=EDIT_HTML.format(**parts) if can[0] else "",
        rename_item=RENAME_ITEM_HTML.format(**parts) if can[0] else "",
        delete_item=DELETE_ITEM_HTML.format(**parts) if can[1] else "",
        ref=escape_text(str(ref)),  # str(): a recording without ids shows "None", as templates do
        name_html=(NAME_LINK_HTML.format(escape_text(detail_url), name) if detail_url
                   else NAME_TEXT_HTML.format(name)),
        detail_url=escape_text(detail_url),
        checked=" checked" if row.selected else "",
        play=(PLAY_HTML.format(escape_text(links.url("audio", ref)), label)
              if row.playable and links.url("audio", ref) else ""),
        label=label,
        plain_name=escape_text(recording.name or ""),
        project=escape_text(row.project_name or "—"),
        status=status_html(recording.status),
        duration=row.duration or "—",
        speakers=escape_text(", ".join(row.speakers)) or "—",
        no_speakers="" if row.speakers else " recording-row__speakers--none",
        goal="—" if goal is None else f"{floatformat(goal, -1)} %",
        created=created_html(recording.created_at, months) if recording.created_at else "—",
    )


@lru_cache(maxsize=64)
def status_html(status):
    """Return the badge of a status, or "Unknown" when IdentityCall sent none."""
    if not status:
        return UNKNOWN_STATUS_HTML
    return STATUS_HTML.format(slugify(status), escape_text(capfirst(status)))


def created_html(created, months):
    """Return the <time> of a creation date in the current time zone ("15 Apr 2026, 10:00")."""
    # The date filter's "c", "j M Y" and "H:i" spelled out: dateformat.format costs ~30 µs a call.
    local = template_localtime(created)
    day = f"{local.day} {months[local.month]} {local.year:04d}"
    return CREATED_HTML.format(local.isoformat(), day, f"{local.hour:02d}:{local.minute:02d}")
