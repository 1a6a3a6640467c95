"""Writing what a sync read into the index: list items as metadata rows, an analysis as lines,
goals, keywords and pauses. Every write replaces what the row held, so a repeated step is safe."""

from django.db import transaction
from django.utils import timezone

from . import fts
from .models import Goal, IndexedProject, IndexedRecording, Keyword, Line, Pause, Talk
from .roles import line_roles

META_KINDS = ("name", "keywords", "summary")


def note_listed(fingerprint, recordings, generation):
    """Upsert the metadata of one list page's recordings, marking them seen by `generation` and
    marking completed ones whose analysis is missing or older than their `updated_at`."""
    refs = [r.ref for r in recordings if r.ref]
    known = {
        row.ref: row
        for row in IndexedRecording.objects.filter(key_fingerprint=fingerprint, ref__in=refs)
    }
    renamed_rows = []
    for recording in recordings:
        if not recording.ref:
            continue
        row = known.get(recording.ref) or IndexedRecording(
            key_fingerprint=fingerprint, ref=recording.ref
        )
        renamed = row.pk is None or (row.name, row.external_id) != _names(recording)
        _copy_metadata(row, recording)
        row.seen_generation = generation
        row.needs_analysis = recording.status == "completed" and (
            row.analysed_updated_at is None or row.analysed_updated_at != recording.updated_at
        )
        row.save()
        if renamed:
            _replace_kind(row, "name", " ".join(filter(None, _names(recording))))
            renamed_rows.append(row.pk)
    fts.refresh_documents(renamed_rows)


def note_projects(fingerprint, projects):
    """Replace the names of the key's projects."""
    IndexedProject.objects.filter(key_fingerprint=fingerprint).delete()
    IndexedProject.objects.bulk_create(
        IndexedProject(key_fingerprint=fingerprint, project_id=p.id, name=(p.name or "")[:255])
        for p in projects
        if p.id is not None
    )


def _names(recording):
    return ((recording.name or "")[:255], (recording.external_id or "")[:255])


def _copy_metadata(row, recording):
    row.recording_id = recording.id
    row.project_id = recording.project_id
    row.name, row.external_id = _names(recording)
    row.status = (recording.status or "")[:20]
    row.language = (recording.language or "")[:16]
    row.duration_ms = recording.duration_ms
    row.created_at = recording.created_at
    row.updated_at = recording.updated_at
    if recording.goal_achievement is not None:
        row.goal_score = recording.goal_achievement
    row.speakers = list(recording.speakers)


def _replace_kind(row, kind, text):
    Line.objects.filter(recording=row, kind=kind).delete()
    if text.strip():
        Line.objects.create(recording=row, kind=kind, text=text, position=0)


@transaction.atomic
def save_analysis(row, transcription, results, summary):
    """Replace `row`'s analysis with what was just read."""
    Line.objects.filter(recording=row).exclude(kind="name").delete()
    Goal.objects.filter(recording=row).delete()
    Keyword.objects.filter(recording=row).delete()
    Pause.objects.filter(recording=row).delete()
    Talk.objects.filter(recording=row).delete()
    spoken = [(position, dialogue) for position, dialogue in enumerate(transcription.dialogues)
              if dialogue.text]
    roles = line_roles([dialogue for _, dialogue in spoken], summary.speakers)
    lines = Line.objects.bulk_create(
        Line(
            recording=row,
            kind="line",
            position=position,
            speaker=(dialogue.speaker_name or "")[:100],
            text=dialogue.text,
            start_ms=dialogue.start_ms,
            end_ms=dialogue.end_ms,
            emotion=(dialogue.dominant_emotion or "")[:20],
            role=role,
        )
        for (position, dialogue), role in zip(spoken, roles, strict=True)
    )
    talk = Talk.objects.bulk_create(talk_of(row, lines))
    Goal.objects.bulk_create(
        Goal(recording=row, name=(goal.goal_name or "")[:255], met=goal.met, score=goal.score)
        for goal in results.goals
    )
    Keyword.objects.bulk_create(
        Keyword(
            recording=row,
            name=(hit.keyword_name or "")[:255],
            sentiment=(hit.sentiment or "")[:20],
            count=hit.count or 0,
        )
        for hit in results.keywords
    )
    Pause.objects.bulk_create(
        Pause(recording=row, start_ms=p.start_ms, duration_ms=p.duration_ms, compliant=p.compliant)
        for p in results.pauses
    )
    keywords = " ".join(hit.keyword_name for hit in results.keywords if hit.keyword_name)
    for kind, text in (("keywords", keywords), ("summary", summary.summary)):
        if text.strip():
            Line.objects.create(recording=row, kind=kind, text=text, position=0)
    row.summary = summary.summary
    if summary.goal_achievement is not None:
        row.goal_score = summary.goal_achievement
    row.long_pauses = sum(1 for p in results.pauses if p.compliant is False)
    felt = sorted({rolled.emotion for rolled in talk} - {""})
    row.emotions = f" {' '.join(felt)} " if felt else ""
    row.goals_total = len(results.goals)
    row.goals_missed = sum(1 for goal in results.goals if goal.met is False)
    row.needs_analysis = False
    row.analysed_updated_at = row.updated_at
    row.indexed_at = timezone.now()
    row.save()
    fts.refresh_documents([row.pk])


def talk_of(row, lines):
    """Return the Talk rows of a call's transcript lines: per speaker, side and emotion, the
    lines and the ms spoken (a line without both times adds none; null when no line had them)."""
    totals = {}
    for line in lines:
        key = (line.speaker, line.role, line.emotion)
        count, ms = totals.get(key, (0, None))
        if line.start_ms is not None and line.end_ms is not None:
            ms = (ms or 0) + line.end_ms - line.start_ms
        totals[key] = (count + 1, ms)
    return [Talk(recording=row, speaker=speaker, role=role, emotion=emotion, lines=count, ms=ms)
            for (speaker, role, emotion), (count, ms) in totals.items()]
