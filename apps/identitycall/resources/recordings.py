"""Recordings: a recording as listed, read or uploaded, and the outcome of an upload.

The analysis of a processed recording (transcription, results, summary) is in analysis.py.
"""

from dataclasses import dataclass
from datetime import datetime

from ._fields import as_bool, as_datetime, as_dict, as_float, as_int, as_str, as_strs

TERMINAL_STATUSES = frozenset({"completed", "failed"})


@dataclass(frozen=True, slots=True)
class Recording:
    """A recording, from the list, the detail page or an upload; every field may be missing."""

    id: int | None = None
    public_id: str | None = None
    project_id: int | None = None
    external_id: str | None = None
    name: str | None = None
    status: str | None = None
    language: str | None = None
    duration_ms: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    speakers: tuple[str, ...] = ()
    goal_achievement: float | None = None
    dialogues_count: int | None = None
    goals_evaluated: bool | None = None
    keywords_detected: int | None = None
    pauses_detected: int | None = None
    audio_attached: bool | None = None

    @classmethod
    def from_api(cls, data: dict) -> "Recording":
        """Return a Recording from a list item, detail or upload payload."""
        data = as_dict(data)
        return cls(
            id=as_int(data.get("id")),
            # IdentityCall docs gap: public_id, project_id and external_id appear only in the new
            # overview pages, never in a full recording example.
            public_id=as_str(data.get("public_id")),
            project_id=as_int(data.get("project_id")),
            external_id=as_str(data.get("external_id")),
            name=as_str(data.get("name")),
            status=as_str(data.get("status")),
            language=as_str(data.get("language")),
            duration_ms=as_int(data.get("duration_ms")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
            speakers=as_strs(data.get("speakers")),
            goal_achievement=as_float(data.get("goal_achievement")),
            dialogues_count=as_int(data.get("dialogues_count")),
            goals_evaluated=as_bool(data.get("goals_evaluated")),
            keywords_detected=as_int(data.get("keywords_detected")),
            pauses_detected=as_int(data.get("pauses_detected")),
            audio_attached=as_bool(data.get("audio_attached")),
        )

    @property
    def ref(self) -> str | None:
        """Return the identifier for URLs and API calls: public_id, else the legacy integer id."""
        # IdentityCall docs conflict: old pages type :id as an integer, new ones prefer the UUID
        # public_id and accept both (docs/api-decisions.md, "Recording identifiers").
        if self.public_id:
            return self.public_id
        return str(self.id) if self.id is not None else None

    @property
    def is_terminal(self) -> bool:
        """Return True once processing has finished, successfully or not."""
        return self.status in TERMINAL_STATUSES

    @property
    def duration_seconds(self) -> float | None:
        """Return the duration in seconds, or None when unknown."""
        return None if self.duration_ms is None else self.duration_ms / 1000


@dataclass(frozen=True, slots=True)
class UploadResult:
    """A stored upload: the recording, and whether this call created (201) or replayed it (200)."""

    recording: Recording
    created: bool

    @classmethod
    def from_api(cls, data: dict, *, status: int) -> "UploadResult":
        """Return an UploadResult from the upload payload and the response status."""
        # A repeated external_id is answered 200 with the existing recording, not stored twice.
        return cls(recording=Recording.from_api(data), created=status == 201)
