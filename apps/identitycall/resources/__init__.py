"""Typed, read-only views of IdentityCall payloads, parsed once at the client boundary.

Every `from_api()` ignores unknown keys and treats every documented key as possibly missing or of
a harmless wrong type (docs/api-decisions.md, "Unknown or missing fields"): a missing value
becomes None, a missing list an empty tuple.
"""

from .operators import NumberRef, Operator
from .page import Listing, Page, total_of
from .projects import Project
from .analysis import Dialogue, GoalResult, KeywordHit, Pause, Results, Summary, Transcription
from .recordings import Recording, UploadResult
from .virtual_numbers import AvailableNumber, Call, NumberStats, OperatorRef, Region, VirtualNumber

__all__ = [
    "AvailableNumber",
    "Call",
    "Dialogue",
    "GoalResult",
    "KeywordHit",
    "Listing",
    "NumberRef",
    "NumberStats",
    "Operator",
    "OperatorRef",
    "Page",
    "Pause",
    "Project",
    "Recording",
    "Region",
    "Results",
    "Summary",
    "Transcription",
    "UploadResult",
    "VirtualNumber",
    "total_of",
]
