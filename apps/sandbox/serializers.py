"""Model rows → the JSON shapes of the API docs (short, full and detail forms)."""

from datetime import UTC

from django.db.models import Avg, Count, Q
from django.utils import timezone

from . import generate
from .models import NumberOperator
from .processing import finished_at, held, status_of

RECENT_CALLS = 10
SHORT_FORM_OPERATORS = 3


def iso(moment):
    """Return `2026-04-15T10:00:00Z`: UTC, no fractional seconds, as in every docs example."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Recordings ----------------------------------------------------------------------------------


def recording_item(recording, now=None, *, status=None):
    """Return the list form of a recording (`status` overrides the clock's, e.g. on upload)."""
    now = now or timezone.now()
    status = status or status_of(recording, now)
    speakers, achievement = [], None
    if status == "completed":
        speakers, achievement = generate.overview(
            recording.seed, recording.language, recording.duration_ms
        )
    # IdentityCall docs gap: the new-era list item is not shown; we add public_id, project_id,
    # external_id, language and updated_at to the documented fields. A failed recording carries
    # no error detail: the docs name none.
    updated = recording.updated_at
    if status in ("completed", "failed") and not held(recording, now):
        updated = max(updated, finished_at(recording))  # the moment processing ended
    return {
        "id": recording.id,
        "public_id": str(recording.public_id),
        "project_id": recording.project_id,
        "external_id": recording.external_id,
        "name": recording.name,
        "status": status,
        "language": recording.language,
        "duration_ms": recording.duration_ms,
        "created_at": iso(recording.created_at),
        "updated_at": iso(updated),
        "speakers": speakers,
        "goal_achievement": achievement,
    }


def recording_detail(recording, now=None, *, status=None):
    """Return the detail form: the list form plus the counts of what was derived."""
    data = recording_item(recording, now, status=status)
    completed = data["status"] == "completed"
    dialogues = keywords = pauses = 0
    if completed:
        args = (recording.id, recording.seed, recording.language, recording.duration_ms)
        dialogues = generate.dialogue_count(recording.duration_ms)
        keywords = len(generate.keywords(*args))
        pauses = len(generate.pauses(*args, _threshold(recording)))
    # IdentityCall docs gap: keywords_detected counts distinct keywords, not every mention.
    data.update(
        {
            "dialogues_count": dialogues,
            "goals_evaluated": completed,
            "keywords_detected": keywords,
            "pauses_detected": pauses,
            "audio_attached": recording.file_size > 0,
        }
    )
    return data


def _threshold(recording):
    return recording.project.long_pause_threshold_seconds


def transcription(recording):
    dialogues, full_text = generate.transcript(
        recording.id, recording.seed, recording.language, recording.duration_ms
    )
    return {
        "recording_id": recording.id,
        "language": recording.language,
        "full_text": full_text,
        "dialogues": list(dialogues),
    }


def results(recording):
    args = (recording.id, recording.seed, recording.language, recording.duration_ms)
    goals, _ = generate.goals(recording.seed, recording.language, recording.duration_ms)
    # IdentityCall docs conflict: the new results page drops `keywords`; the old page and the
    # recordings overview keep them, so we send them.
    return {
        "recording_id": recording.id,
        "goals": list(goals),
        "keywords": list(generate.keywords(*args)),
        "pauses": generate.pauses(*args, _threshold(recording)),
    }


def summary(recording):
    speakers, achievement = generate.overview(
        recording.seed, recording.language, recording.duration_ms
    )
    return {
        "recording_id": recording.id,
        "summary": generate.summary(
            recording.id, recording.seed, recording.language, recording.duration_ms
        ),
        "duration_ms": recording.duration_ms,
        "speakers": speakers,
        "goal_achievement": achievement,
    }


# Projects ------------------------------------------------------------------------------------


def project_short(project):
    return {
        "id": project.id,
        "name": project.name,
        "language": project.language,
        "industry": project.industry,
        "created_at": iso(project.created_at),
        "updated_at": iso(project.updated_at),
    }


def project_full(project):
    data = project_short(project)
    data.update(
        {
            "description": project.description,
            "goal_language": project.goal_language,
            "summary_language": project.summary_language,
            "long_pause_threshold_seconds": project.long_pause_threshold_seconds,
            "transcription_hints": project.transcription_hints,
            "retention_days": project.retention_days,
            "quality_baseline_enabled": project.quality_baseline_enabled,
            "quality_baseline_pct": project.quality_baseline_pct,
            "recordings_count": project.recordings.count(),
            "virtual_numbers_count": project.virtual_numbers.count(),
        }
    )
    return data


# Operators -----------------------------------------------------------------------------------


def _operator_base(operator):
    return {
        "id": operator.id,
        "name": operator.name,
        "phone_number": operator.phone_number,
        "email": operator.email,
        "active": operator.active,
        "initials": operator.initials,
    }


def operator_list_item(operator):
    """Return the list form; expects `numbers_in_scope` annotated (see views.operators)."""
    data = _operator_base(operator)
    data["virtual_numbers_count"] = operator.numbers_in_scope
    return data


def operator_detail(operator, key):
    data = _operator_base(operator)
    links = operator.number_links.select_related("number").order_by("number_id")
    if key.project_id:
        # IdentityCall docs gap: a project-scoped key sees only the numbers of its project.
        links = links.filter(number__project_id=key.project_id)
    data["virtual_numbers"] = [
        {
            "id": link.number.id,
            "phone_number": link.number.phone_number,
            "name": link.number.name,
            "active": link.number.active,
        }
        for link in links
    ]
    return data


# Virtual numbers -----------------------------------------------------------------------------


def _number_base(number):
    # IdentityCall docs gap: `project_id` is in neither documented form; we add it so a caller
    # can tell where a number belongs.
    return {
        "id": number.id,
        "project_id": number.project_id,
        "phone_number": number.phone_number,
        "name": number.name,
        "country_code": number.country_code,
        "active": number.active,
        "ai_receptionist_enabled": number.ai_receptionist_enabled,
    }


def number_short(number):
    """Return the short form: at most the first three operators plus the total."""
    data = _number_base(number)
    links = list(number.links.all())  # prefetched and ordered by priority
    data["operators"] = [
        {"id": link.operator.id, "name": link.operator.name, "initials": link.operator.initials}
        for link in links[:SHORT_FORM_OPERATORS]
    ]
    data["operators_count"] = len(links)
    return data


def number_detail(number, operators_in_scope):
    """Return the detail form; `operators_in_scope` is what `available_operators` draws from."""
    data = _number_base(number)
    links = list(NumberOperator.objects.filter(number=number).select_related("operator"))
    attached = {link.operator_id for link in links}
    # IdentityCall docs gap: the stats' definitions are not visible; the average is over answered
    # calls, in seconds like `call_duration`.
    stats = number.calls.aggregate(
        total=Count("id"),
        answered=Count("id", filter=Q(call_status="answered")),
        average=Avg("call_duration", filter=Q(call_status="answered")),
    )
    data.update(
        {
            "recording": number.recording,
            "routing_strategy": number.routing_strategy,
            "stats": {
                "total_calls": stats["total"],
                "answered_calls": stats["answered"],
                "missed_calls": stats["total"] - stats["answered"],
                "average_duration_seconds": round(stats["average"] or 0),
            },
            "operators": [
                {
                    "id": link.operator.id,
                    "name": link.operator.name,
                    "phone_number": link.operator.phone_number,
                    "initials": link.operator.initials,
                    "priority": link.priority,
                }
                for link in links
            ],
            "available_operators": [
                {
                    "id": operator.id,
                    "name": operator.name,
                    "phone_number": operator.phone_number,
                    "initials": operator.initials,
                }
                for operator in operators_in_scope.exclude(pk__in=attached).order_by("name", "id")
            ],
            "recent_calls": [
                call_item(call)
                for call in number.calls.order_by("-created_at", "-id")[:RECENT_CALLS]
            ],
        }
    )
    return data


def call_item(call):
    return {
        "id": call.id,
        "phone_number": call.phone_number,
        "caller_name": call.caller_name,
        "call_status": call.call_status,
        "call_duration": call.call_duration,
        "direction": call.direction,
        "ai_handled": call.ai_handled,
        "transcript_summary": call.transcript_summary,
        "created_at": iso(call.created_at),
    }


def available_number(entry):
    return {
        "phone_number": entry.phone_number,
        "country_code": entry.country_code,
        "number_type": entry.number_type,
        "upfront_cost": entry.upfront_cost,
        "monthly_cost": entry.monthly_cost,
        "features": entry.features,
        "region_information": entry.region_information,
    }
