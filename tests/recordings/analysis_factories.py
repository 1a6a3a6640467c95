"""Builders for the analysis bodies of a recording: transcription, results and summary JSON."""

from apps.identitycall.resources import Recording, Results, Transcription

EMOTION_KEYS = ("happy", "neutral", "calm", "sad", "angry", "fearful", "surprised", "disgust")


def emotion(dominant="neutral", share=0.72):
    """Return eight emotion scores summing to 1, `dominant` holding `share` of it."""
    rest = round((1 - share) / 7, 4)
    return {key: (share if key == dominant else rest) for key in EMOTION_KEYS}


def dialogue_json(position, start_ms, end_ms, text, *, speaker="Speaker 1", profile=None,
                  dominant="neutral", **overrides):
    """Return one dialogue as GET /transcription lists it."""
    data = {
        "id": 400 + position,
        "position": position,
        "speaker": speaker,
        "voice_profile_id": 89 if profile else None,
        "voice_profile_name": profile,
        "text": text,
        "start_ms": start_ms,
        "end_ms": end_ms,
        "emotion": emotion(dominant),
    }
    data.update(overrides)
    return data


def small_dialogues():
    """Return the three-line call most tests read: an agent (voice profile) and a caller."""
    return [
        dialogue_json(1, 0, 4_500, "Thank you for calling, this is Ada.",
                      speaker="Speaker 1", profile="Ada Agent", dominant="happy"),
        dialogue_json(2, 5_000, 9_250, "Hi, my card was charged twice.",
                      speaker="Speaker 2", dominant="angry"),
        dialogue_json(3, 62_345, 65_000, "Let me refund the second charge.",
                      speaker="Speaker 1", profile="Ada Agent", dominant="calm"),
    ]


def transcription_json(dialogues=None, **overrides):
    """Return a GET /recordings/:id/transcription `data` object."""
    dialogues = small_dialogues() if dialogues is None else dialogues
    data = {
        "recording_id": 1001,
        "language": "en",
        "full_text": " ".join(d["text"] for d in dialogues),
        "dialogues": dialogues,
    }
    data.update(overrides)
    return data


def results_json(**overrides):
    """Return a GET /recordings/:id/results `data` object (old form, with keywords)."""
    data = {
        "recording_id": 1001,
        "goals": [
            {"goal_id": 1, "goal_name": "Greeting", "met": True, "score": 0.95,
             "explanation": "The agent greeted the caller by name."},
            {"goal_id": 2, "goal_name": "Upsell", "met": False, "score": 0.3,
             "explanation": "No offer was made."},
        ],
        "keywords": [
            {"keyword_id": 7, "keyword_name": "refund", "sentiment": "negative", "count": 2,
             "timestamps_ms": [6_000, 63_000]},
        ],
        "pauses": [
            {"start_ms": 9_250, "end_ms": 62_345, "duration_ms": 53_095, "compliant": False,
             "after_dialogue_id": 402},
            {"start_ms": 4_500, "end_ms": 5_000, "duration_ms": 500, "compliant": True,
             "after_dialogue_id": 401},
        ],
    }
    data.update(overrides)
    return data


def summary_json(**overrides):
    """Return a GET /recordings/:id/summary `data` object."""
    data = {
        "recording_id": 1001,
        "summary": "The caller was charged twice.\n\nThe agent refunded the second charge.",
        "duration_ms": 65_000,
        "speakers": ["Ada Agent", "Speaker 2"],
        "goal_achievement": 62.5,
    }
    data.update(overrides)
    return data


def long_dialogues(count=1500, speakers=3):
    """Return `count` alternating dialogues of about two seconds each (a long call)."""
    keys = EMOTION_KEYS
    return [
        dialogue_json(
            n + 1, n * 2_000, n * 2_000 + 1_800, f"Line number {n + 1} of the long call.",
            speaker=f"Speaker {n % speakers + 1}", dominant=keys[n % len(keys)],
        )
        for n in range(count)
    ]


def as_transcription(dialogues=None):
    return Transcription.from_api(transcription_json(dialogues))


def as_results(**overrides):
    return Results.from_api(results_json(**overrides))


def as_recording(**fields):
    from tests.recordings.conftest import recording_json

    return Recording.from_api(recording_json(**fields))
