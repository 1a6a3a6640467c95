"""The transcript as a download: plain text, SubRip, WebVTT and JSON, with speakers and times.

Every format names a speaker as the page does (apps/recordings/speakers.py): pass the recording's
`identities`; without them the dialogues alone decide.
"""

import json
import re
import unicodedata

from .analysis.timing import clock
from .analysis.transcript import ordered_dialogues, speakers_of
from .speakers import identify, speaker_key

MAX_FILENAME = 80


def one_line(text):
    """Return `text` on a single line: a blank line would end a subtitle cue early."""
    return " ".join((text or "").split())


def srt_time(ms):
    """Return `ms` as SubRip's 00:01:02,345."""
    return _hms(ms, ",")


def vtt_time(ms):
    """Return `ms` as WebVTT's 00:01:02.345."""
    return _hms(ms, ".")


def _hms(ms, separator):
    ms = max(0, int(ms or 0))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _span(dialogue):
    start = dialogue.start_ms or 0
    return start, max(start, dialogue.end_ms or 0)


def _names(dialogues, identities):
    """Return {speaker key: display name} for `dialogues`."""
    identities = identities if identities is not None else identify(dialogues)
    return {key: identity.name for key, identity in identities.items()}


def to_txt(recording, transcription, identities=None):
    """Return `[m:ss] Speaker: text` lines."""
    dialogues = ordered_dialogues(transcription)
    names = _names(dialogues, identities)
    return "".join(
        f"[{clock(d.start_ms)}] {names[speaker_key(d)]}: {one_line(d.text)}\n" for d in dialogues
    )


def to_srt(recording, transcription, identities=None):
    """Return numbered SubRip cues, the speaker's name before the text."""
    dialogues = ordered_dialogues(transcription)
    names = _names(dialogues, identities)
    cues = []
    for number, dialogue in enumerate(dialogues, start=1):
        start, end = _span(dialogue)
        cues.append(
            f"{number}\n{srt_time(start)} --> {srt_time(end)}\n"
            f"{names[speaker_key(dialogue)]}: {one_line(dialogue.text)}\n"
        )
    return "\n".join(cues)


def vtt_escape(text):
    """Return `text` safe inside a WebVTT cue or voice tag (&, < and > as entities)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(recording, transcription, identities=None):
    """Return a WebVTT file whose cues carry the speaker as a voice tag: `<v Agent>text`."""
    dialogues = ordered_dialogues(transcription)
    names = _names(dialogues, identities)
    cues = ["WEBVTT\n"]
    for dialogue in dialogues:
        start, end = _span(dialogue)
        voice = vtt_escape(one_line(names[speaker_key(dialogue)]))
        cues.append(
            f"{vtt_time(start)} --> {vtt_time(end)}\n"
            f"<v {voice}>{vtt_escape(one_line(dialogue.text))}\n"
        )
    return "\n".join(cues)


def to_json(recording, transcription, identities=None):
    """Return the recording's metadata, its speakers and every dialogue as indented JSON."""
    dialogues = ordered_dialogues(transcription)
    identities = identities if identities is not None else identify(dialogues)
    document = {
        "recording": {
            "id": recording.id,
            "public_id": recording.public_id,
            "external_id": recording.external_id,
            "project_id": recording.project_id,
            "name": recording.name,
            "status": recording.status,
            "language": transcription.language or recording.language,
            "duration_ms": recording.duration_ms,
            "created_at": recording.created_at.isoformat() if recording.created_at else None,
        },
        "speakers": [_speaker(speaker) for speaker in speakers_of(dialogues, identities)],
        "dialogues": [_dialogue(dialogue, identities) for dialogue in dialogues],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _speaker(speaker):
    identity = speaker.identity
    return {"name": speaker.name, "turns": speaker.turns, "talk_time_ms": speaker.talk_ms,
            "label": identity.label or None, "voice_profile_name": identity.profile or None,
            "role": identity.role or None, "named_by": identity.source}


def _dialogue(dialogue, identities):
    return {
        "id": dialogue.id,
        "position": dialogue.position,
        "speaker": identities[speaker_key(dialogue)].name,
        "speaker_label": dialogue.speaker,
        "voice_profile_id": dialogue.voice_profile_id,
        "start_ms": dialogue.start_ms,
        "end_ms": dialogue.end_ms,
        "text": dialogue.text,
        "emotion": dict(dialogue.emotion or {}),
        "dominant_emotion": dialogue.dominant_emotion,
    }


FORMATS = {
    "txt": ("text/plain; charset=utf-8", to_txt),
    "srt": ("application/x-subrip; charset=utf-8", to_srt),
    "vtt": ("text/vtt; charset=utf-8", to_vtt),
    "json": ("application/json", to_json),
}


def safe_filename(name, fallback="recording"):
    """Return `name` as a plain ASCII file name (letters, digits, `-`, `_`, `.`), never empty."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-._")[:MAX_FILENAME].strip("-._")
    return cleaned or fallback
