"""A recording's analysis as the detail page shows it: the four upstream calls and what they gave.

`fetch` asks IdentityCall for the recording and its sub-resources at once; `not_ready` words the
parts not ready yet and schedules the page's checks of them; `transcript`, `results`, `timing`
and `emotions` turn the answers into what a template prints without deciding anything (speakers
with a colour, transcript lines, goal, keyword and pause rows, an estimated finish time).
"""

from dataclasses import dataclass, field

# The sub-resources of a recording and the client method asking for each, in page order.
SUB_RESOURCES = {
    "transcription": "get_transcription",
    "results": "get_results",
    "summary": "get_summary",
}


@dataclass
class Part:
    """One sub-resource of a recording: its value, or why there is none."""

    value: object = None
    state: str = "ok"  # "ok", "not_ready" (no analysis yet), "error" or "skipped" (not asked for)
    message: str = ""

    @property
    def ok(self):
        return self.state == "ok"


@dataclass
class Fetched:
    """What one look at a recording brought back: the recording, its parts, maybe the projects."""

    recording: object
    transcription: Part = field(default_factory=lambda: Part(state="skipped"))
    results: Part = field(default_factory=lambda: Part(state="skipped"))
    summary: Part = field(default_factory=lambda: Part(state="skipped"))
    projects: list | None = None  # asked for only when the caller has no project names cached
