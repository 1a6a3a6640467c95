"""A completed recording's analysis panels: derived once, then kept per API key for ten minutes.

Most of a recording's page is built from its transcription, results and summary: for a 1,500-turn
call, 600 KB of JSON parsed into dialogues, then transcript lines, three charts and two tables, on
every view. Here that work is done once per key and recording: the summary, results and charts
sections rendered to HTML, and the transcript as lines ready for each view's own search marks and
`?t=` target (analysis.transcript.TranscriptLines), and the timeline ready for each view's window
(timeline.TimelineParts). The Panels are kept in Django's cache (locmem, per
process, in development and tests; Redis in production), so a later view asks IdentityCall only
for the recording itself — which still tells whether the key may read it (a deleted recording or a
key that lost access answers 404, 401 or 403 before anything kept here is shown), its name and its
status — and prints what is kept.

Entries are named like the list cache's (apps.frame.list_cache.scope: a hash of the base URL and
the API key, never the key itself), so another key never sees them, plus the recording's ref as
the page's URL gives it (the console links by public_id). Only complete analyses are kept: when one
of the three answers was "not ready" or an error, the next view asks again. Speakers are named with
the names users gave them (models.SpeakerName), which any user whose key reads the recording may
change: Panels remember the names they were drawn with, and a view that finds others draws again.

TTL_SECONDS is ten minutes: long enough for someone working through a call (reloads, searches,
deep links, back from the list), short enough to give the memory back soon (the long call's entry
is ~75 KB compressed; locmem keeps at most 300 entries per process) and to show within minutes
anything IdentityCall changes behind the console's back (see the docs gap below). When the console
deletes a recording it forgets the entry at once (forget_analysis); a 404 on the page does too.
"""

import pickle
import zlib
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from apps.frame.list_cache import scope

from .analysis import Fetched, Part
from .analysis.people import identities_of
from .analysis.results import goal_rows, keyword_rows, longest_pauses, pause_rows, pauses_html
from .analysis.timing import clock
from .analysis.transcript import TranscriptLines, ordered_dialogues, speakers_of, transcript_lines
from .charts.emotions import emotions
from .charts.talk_time import talk_time
from .renames import names_token
from .timeline import build as build_timeline

# IdentityCall docs gap: nothing says a completed recording's analysis is final (a renamed voice
# profile or re-evaluated goals might change it); the console trusts it for this long.
TTL_SECONDS = 10 * 60
# Part of every key: bump it when Panels or the templates it holds change shape, so entries kept by
# the previous release (in Redis, across a deploy) are never read.
FORMAT = 3
SECTIONS = {"summary": "recordings/_summary.html", "results": "recordings/_results.html",
            "charts": "recordings/_charts.html", "speakers_html": "recordings/_speakers.html"}


@dataclass(frozen=True)
class Panels:
    """What the page shows of a completed recording's analysis, the same on every view."""

    transcription: Part  # its state and message only: `lines` is what the page shows of it
    lines: TranscriptLines
    summary: SafeString  # the rendered sections, printed as they are
    results: SafeString
    charts: SafeString
    speakers_html: SafeString
    speakers: tuple = ()  # analysis.transcript.Speaker, named by apps/recordings/speakers.py
    timeline: object = None  # timeline.TimelineParts; each view picks its window
    # The users' speaker names these Panels were drawn with (renames.names_token): a view whose
    # names differ (someone renamed a speaker since) draws them again.
    names: tuple = ()


def panels_for(fetched: Fetched, renames=None) -> Panels:
    """Return the Panels of a recording from its fetched sub-resources and the speaker names
    users gave it (`renames`: {speaker key: name})."""
    transcription, results = fetched.transcription, fetched.results
    duration_ms = fetched.recording.duration_ms
    context = {"fetched": fetched, "duration": clock(duration_ms)}
    dialogues = ordered_dialogues(transcription.value) if transcription.ok else []
    speakers = speakers_of(dialogues, identities_of(fetched, renames))
    context.update(speakers=speakers, ref=fetched.recording.ref)
    if transcription.ok:
        context.update(talk_time=talk_time(speakers), emotions=emotions(dialogues, speakers))
    if results.ok:
        pauses = pause_rows(results.value, dialogues)
        context.update(
            goals=goal_rows(results.value),
            keywords=keyword_rows(results.value, dialogues),
            pauses=pauses,
            pauses_html=pauses_html(pauses),
            longest_html=pauses_html(longest_pauses(pauses)),
        )
    timeline = None
    if dialogues:
        timeline = build_timeline(dialogues, speakers, results.value if results.ok else None,
                                  duration_ms)
    return Panels(
        transcription=Part(state=transcription.state, message=transcription.message),
        lines=transcript_lines(dialogues, speakers),
        speakers=tuple(speakers),
        timeline=timeline,
        names=names_token(renames or {}),
        **{name: SafeString(render_to_string(template, context))
           for name, template in SECTIONS.items()},
    )


def _key(client, ref):
    named = scope(client)
    return None if named is None else f"identitycall:analysis:{FORMAT}:{named}:{ref.lower()}"


def cached_panels(client, ref) -> Panels | None:
    """Return the Panels kept for `ref` under the client's key, or None."""
    key = _key(client, ref)
    packed = None if key is None else cache.get(key)
    return None if packed is None else pickle.loads(zlib.decompress(packed))


def remember(client, ref, fetched: Fetched, renames=None) -> Panels:
    """Return the Panels of `fetched` (with the users' speaker `renames`), kept for TTL_SECONDS
    when its analysis is complete."""
    panels = panels_for(fetched, renames)
    complete = all(part.ok for part in (fetched.transcription, fetched.results, fetched.summary))
    if complete and fetched.recording.status == "completed" and (key := _key(client, ref)):
        # Markup compresses ~9:1 (the long call: 680 KB to 75 KB in ~3 ms, back in ~1 ms), which
        # keeps the entry small in the cache's memory and quick to fetch from Redis on each view.
        cache.set(key, zlib.compress(pickle.dumps(panels, pickle.HIGHEST_PROTOCOL), 1),
                  TTL_SECONDS)
    return panels


def forget_analysis(client, ref):
    """Drop the Panels kept for `ref` under the client's key (after deleting the recording)."""
    if (key := _key(client, ref)) is not None:
        cache.delete(key)
