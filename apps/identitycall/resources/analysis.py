"""The analysis of a processed recording: its transcription, results and summary."""

from dataclasses import dataclass, field

from ._fields import as_bool, as_dict, as_float, as_id, as_int, as_ints, as_many, as_str, as_strs

# The emotion keys the IdentityCall docs list on a dialogue; anything else is dropped.
EMOTIONS = ("happy", "neutral", "calm", "sad", "angry", "fearful", "surprised", "disgust")

# Goal score bands from the analysis guide, highest threshold first.
GOAL_BANDS = (
    (0.9, "strongly achieved"),
    (0.7, "achieved"),
    (0.5, "partially achieved"),
    (0.3, "weakly achieved"),
)


@dataclass(frozen=True, slots=True)
class Dialogue:
    """One speaker turn of a transcription, with its emotion distribution."""

    id: int | None = None
    position: int | None = None
    speaker: str | None = None
    voice_profile_id: int | None = None
    voice_profile_name: str | None = None
    text: str = ""
    start_ms: int | None = None
    end_ms: int | None = None
    emotion: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_api(cls, data: dict) -> "Dialogue":
        """Return a Dialogue; emotion keeps only the documented keys that carry numbers."""
        get = as_dict(data).get  # a long call has ~1,500 of these: one lookup of .get, not 18
        return cls(
            id=as_int(get("id")),
            position=as_int(get("position")),
            speaker=as_str(get("speaker")),
            voice_profile_id=as_int(get("voice_profile_id")),
            voice_profile_name=as_str(get("voice_profile_name")),
            text=as_str(get("text")) or "",
            start_ms=as_int(get("start_ms")),
            end_ms=as_int(get("end_ms")),
            emotion=_emotion_scores(get("emotion")),
        )

    @property
    def speaker_name(self) -> str | None:
        """Return the identified voice profile's name, else the diarization label, else a word."""
        return self.voice_profile_name or self.speaker or "Unknown speaker"

    @property
    def dominant_emotion(self) -> str | None:
        """Return the emotion with the highest score, or None when there are no scores."""
        if not self.emotion:
            return None
        return max(self.emotion, key=self.emotion.__getitem__)


def _emotion_scores(value) -> dict[str, float]:
    """Return the documented emotion keys of `value` that carry numbers, as floats."""
    scores = {}
    if isinstance(value, dict):
        for key in EMOTIONS:
            score = value.get(key)
            if type(score) is not float:  # scores are floats but for the odd 0, 1 or junk
                score = as_float(score)
                if score is None:
                    continue
            scores[key] = score
    return scores


@dataclass(frozen=True, slots=True)
class Transcription:
    """The full text of a completed recording and its speaker turns."""

    recording_id: int | str | None = None
    language: str | None = None
    full_text: str = ""
    dialogues: tuple[Dialogue, ...] = ()

    @classmethod
    def from_api(cls, data: dict) -> "Transcription":
        """Return a Transcription from the /transcription payload."""
        data = as_dict(data)
        return cls(
            recording_id=as_id(data.get("recording_id")),
            language=as_str(data.get("language")),
            full_text=as_str(data.get("full_text")) or "",
            dialogues=as_many(data.get("dialogues"), Dialogue.from_api),
        )


@dataclass(frozen=True, slots=True)
class GoalResult:
    """How well one configured goal was met in a recording."""

    goal_id: int | None = None
    goal_name: str | None = None
    met: bool | None = None
    score: float | None = None
    explanation: str | None = None

    @classmethod
    def from_api(cls, data: dict) -> "GoalResult":
        """Return a GoalResult from one item of `goals`."""
        data = as_dict(data)
        return cls(
            goal_id=as_int(data.get("goal_id")),
            goal_name=as_str(data.get("goal_name")),
            met=as_bool(data.get("met")),
            score=as_float(data.get("score")),
            explanation=as_str(data.get("explanation")),
        )

    @property
    def band(self) -> str | None:
        """Return the analysis guide's band for the 0–1 score; None when there is no score."""
        if self.score is None:
            return None
        return next((band for floor, band in GOAL_BANDS if self.score >= floor), "not achieved")


@dataclass(frozen=True, slots=True)
class KeywordHit:
    """A configured keyword and where it was heard."""

    keyword_id: int | None = None
    keyword_name: str | None = None
    sentiment: str | None = None
    count: int | None = None
    timestamps_ms: tuple[int, ...] = ()

    @classmethod
    def from_api(cls, data: dict) -> "KeywordHit":
        """Return a KeywordHit from one item of `keywords`."""
        data = as_dict(data)
        return cls(
            keyword_id=as_int(data.get("keyword_id")),
            keyword_name=as_str(data.get("keyword_name")),
            sentiment=as_str(data.get("sentiment")),
            count=as_int(data.get("count")),
            timestamps_ms=as_ints(data.get("timestamps_ms")),
        )


@dataclass(frozen=True, slots=True)
class Pause:
    """A silence in the call, and whether it stayed within the project's threshold."""

    start_ms: int | None = None
    end_ms: int | None = None
    duration_ms: int | None = None
    compliant: bool | None = None
    after_dialogue_id: int | None = None

    @classmethod
    def from_api(cls, data: dict) -> "Pause":
        """Return a Pause from one item of `pauses`."""
        data = as_dict(data)
        return cls(
            start_ms=as_int(data.get("start_ms")),
            end_ms=as_int(data.get("end_ms")),
            duration_ms=as_int(data.get("duration_ms")),
            compliant=as_bool(data.get("compliant")),
            after_dialogue_id=as_int(data.get("after_dialogue_id")),
        )


@dataclass(frozen=True, slots=True)
class Results:
    """Goal evaluations, keyword detections and pauses of a completed recording."""

    recording_id: int | str | None = None
    goals: tuple[GoalResult, ...] = ()
    keywords: tuple[KeywordHit, ...] = ()
    keywords_present: bool = False
    pauses: tuple[Pause, ...] = ()

    @classmethod
    def from_api(cls, data: dict) -> "Results":
        """Return Results; `keywords_present` tells "no keywords found" from "not reported"."""
        data = as_dict(data)
        return cls(
            recording_id=as_id(data.get("recording_id")),
            goals=as_many(data.get("goals"), GoalResult.from_api),
            # IdentityCall docs conflict: the old results page and the new overview include
            # `keywords`; the new results page omits the array entirely.
            keywords=as_many(data.get("keywords"), KeywordHit.from_api),
            keywords_present=isinstance(data.get("keywords"), list),
            pauses=as_many(data.get("pauses"), Pause.from_api),
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """The AI-written summary of a completed recording."""

    recording_id: int | str | None = None
    summary: str = ""
    duration_ms: int | None = None
    speakers: tuple[str, ...] = ()
    goal_achievement: float | None = None

    @classmethod
    def from_api(cls, data: dict) -> "Summary":
        """Return a Summary from the /summary payload."""
        data = as_dict(data)
        return cls(
            recording_id=as_id(data.get("recording_id")),
            summary=as_str(data.get("summary")) or "",
            duration_ms=as_int(data.get("duration_ms")),
            speakers=as_strs(data.get("speakers")),
            goal_achievement=as_float(data.get("goal_achievement")),
        )
