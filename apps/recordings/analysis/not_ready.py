"""A completed recording's parts that are not ready yet: what the page says, and when it checks.

IdentityCall docs gap: nothing says every part is ready the moment the status reads `completed`
(docs/api-decisions.md, "Analysis before processing completes"). A part not ready yet is asked
for again after 2, 4, 8, 16, 32 s, then every minute: ten checks, about six minutes in all, before
the page offers a link instead (views/detail.py makes the checks).
"""

import re

from . import SUB_RESOURCES, Part

PANEL_NAMES = {"transcription": "transcript", "results": "results", "summary": "summary"}
PANEL_SUBJECTS = {"transcription": "The transcript is", "results": "The results are",
                  "summary": "The summary is"}
MAX_CHECKS = 10
MAX_CHECK_SECONDS = 60
CHECK = re.compile(r"[0-9]{1,2}")


def not_ready_message(name, recording):
    """Return why a panel is empty, in words that fit the recording's status."""
    panel = PANEL_NAMES[name]
    if recording.status == "failed":
        return f"There is no {panel}: processing failed."
    if recording.status == "completed":
        # IdentityCall docs gap: a 404 here is ambiguous too (docs/api-decisions.md, "Analysis
        # before processing completes"): the part is taken as still being prepared, never as
        # missing, and the page checks it again.
        return f"{PANEL_SUBJECTS[name]} still being prepared, checking again…"
    return f"The {panel} will be ready when processing completes."


def waiting_parts(fetched):
    """Return the names of a completed recording's parts not ready yet, in SUB_RESOURCES order."""
    if fetched.recording.status != "completed":
        return ()  # before completion the status region polls, not the parts
    return tuple(name for name in SUB_RESOURCES if getattr(fetched, name).state == "not_ready")


def stop_checking(fetched):
    """Reword each part still not ready for a page that no longer checks it by itself."""
    for name in waiting_parts(fetched):
        setattr(fetched, name, Part(state="not_ready",
                                    message=f"{PANEL_SUBJECTS[name]} still being prepared."))


def panel_list(names):
    """Return "the transcript", "the transcript and the summary", … for part `names`."""
    panels = [f"the {PANEL_NAMES[name]}" for name in names]
    return f"{', '.join(panels[:-1])} and {panels[-1]}" if len(panels) > 1 else "".join(panels)


def check_params(query):
    """Return (check number, waiting part names) of a check, or (None, ()) for anything else."""
    raw = query.get("check", "")
    waiting = set(query.get("waiting", "").split(","))
    names = tuple(name for name in SUB_RESOURCES if name in waiting)
    if not CHECK.fullmatch(raw) or not 1 <= int(raw) <= MAX_CHECKS or not names:
        return None, ()
    return int(raw), names


def check_seconds(check):
    """Return how long the page waits before check number `check` (doubling, at most a minute)."""
    return min(2**check, MAX_CHECK_SECONDS)


def checking_context(fetched, check):
    """Return what the analysis region needs to check its parts not ready yet, or None."""
    waiting = waiting_parts(fetched)
    if not waiting:
        return None
    if check > MAX_CHECKS:
        return {"stopped": True, "panels": panel_list(waiting)}
    return {"check": check, "delay": check_seconds(check), "waiting": ",".join(waiting)}
