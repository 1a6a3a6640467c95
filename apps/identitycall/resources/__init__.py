"""Typed, read-only views of IdentityCall payloads, parsed once at the client boundary.

Every `from_api()` ignores unknown keys and treats every documented key as possibly missing or of
a harmless wrong type (§10): a missing value becomes None, a missing list an empty tuple.
"""

from .operators import NumberRef, Operator
from .page import Listing, Page, total_of
from .projects import Project
from .recordings import (
    Dialogue,
    GoalResult,
    KeywordHit,
    Pause,
    Recording,
    Results,
    Summary,
    Transcription,
    UploadResult,
)
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
