"""The CSV export of selected recordings: each one's metadata and its analysis headline figures,
as IdentityCall answers them to the person's key now (views/bulk.py)."""

import csv
import io
from datetime import UTC

from .renames import recording_identity
from .speakers import names_from_list

COLUMNS = (
    "Name", "Recording ID", "Integer ID", "Project", "Project ID", "Status", "Language",
    "Duration (s)", "Uploaded (UTC)", "External ID", "Speakers", "Goal achievement (%)",
    "Goals evaluated", "Turns", "Keywords detected", "Pauses detected",
)
# A cell a spreadsheet would run as a formula starts with one of these: it gets a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """Return `value` as CSV text a spreadsheet shows and never runs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row(recording, project_names, renames):
    """Return one recording's cells, in COLUMNS' order."""
    created = recording.created_at
    speakers = names_from_list(recording.speakers, renames.get(recording_identity(recording)))
    duration = None if recording.duration_ms is None else round(recording.duration_ms / 1000)
    return [cell(value) for value in (
        recording.name, recording.public_id, recording.id,
        project_names.get(recording.project_id, ""), recording.project_id, recording.status,
        recording.language, duration,
        created.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if created else None,
        recording.external_id, "; ".join(speakers), recording.goal_achievement,
        recording.goals_evaluated, recording.dialogues_count, recording.keywords_detected,
        recording.pauses_detected,
    )]


def selection_csv(recordings, project_names, renames):
    """Return the CSV text (a header row, then a row per recording)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(recording, project_names, renames) for recording in recordings)
    return out.getvalue()
