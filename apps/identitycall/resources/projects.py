"""Projects, in short and full form."""

from dataclasses import dataclass
from datetime import datetime

from ._fields import as_bool, as_datetime, as_dict, as_float, as_int, as_str


@dataclass(frozen=True, slots=True)
class Project:
    """A project in short (list) or full (detail) form; full-form fields are None when absent."""

    id: int | None = None
    name: str | None = None
    language: str | None = None
    industry: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    description: str | None = None
    goal_language: str | None = None
    summary_language: str | None = None
    long_pause_threshold_seconds: int | None = None
    transcription_hints: str | None = None
    retention_days: int | None = None
    quality_baseline_enabled: bool | None = None
    quality_baseline_pct: float | None = None
    recordings_count: int | None = None
    virtual_numbers_count: int | None = None

    @classmethod
    def from_api(cls, data: dict) -> "Project":
        """Return a Project from the short or the full form."""
        data = as_dict(data)
        return cls(
            id=as_int(data.get("id")),
            name=as_str(data.get("name")),
            language=as_str(data.get("language")),
            industry=as_str(data.get("industry")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
            description=as_str(data.get("description")),
            goal_language=as_str(data.get("goal_language")),
            summary_language=as_str(data.get("summary_language")),
            long_pause_threshold_seconds=as_int(data.get("long_pause_threshold_seconds")),
            transcription_hints=as_str(data.get("transcription_hints")),
            retention_days=as_int(data.get("retention_days")),
            quality_baseline_enabled=as_bool(data.get("quality_baseline_enabled")),
            quality_baseline_pct=as_float(data.get("quality_baseline_pct")),
            recordings_count=as_int(data.get("recordings_count")),
            virtual_numbers_count=as_int(data.get("virtual_numbers_count")),
        )
