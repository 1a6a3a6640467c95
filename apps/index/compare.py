"""Two indexed calls side by side: goals and scores, talk-time share, emotions, pauses and the
summary, from what the index holds for the user's current key (never another key's rows)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class Side:
    recording: object
    talk: list = field(default_factory=list)  # (speaker, seconds, share %)
    emotions: list = field(default_factory=list)  # (speaker, [(emotion, lines)])
    pauses: int = 0
    long_pauses: int = 0
    longest_pause_s: float = 0.0


def side(recording):
    """Return a Side with the figures of one recording (three small queries)."""
    spoken = defaultdict(int)
    felt = defaultdict(Counter)
    for line in recording.lines.filter(kind="line"):
        if line.start_ms is not None and line.end_ms is not None:
            spoken[line.speaker] += max(0, line.end_ms - line.start_ms)
        if line.emotion:
            felt[line.speaker][line.emotion] += 1
    total = sum(spoken.values()) or 1
    pauses = list(recording.pauses.all())
    return Side(
        recording=recording,
        talk=[(who, round(ms / 1000), round(100 * ms / total))
              for who, ms in sorted(spoken.items(), key=lambda item: -item[1])],
        emotions=[(who, counts.most_common()) for who, counts in sorted(felt.items())],
        pauses=len(pauses),
        long_pauses=sum(1 for p in pauses if p.compliant is False),
        longest_pause_s=max((p.duration_ms or 0 for p in pauses), default=0) / 1000,
    )


def goal_rows(first, second):
    """Return [(goal name, first's (met, score) or None, second's or None)], by name."""
    mine = {goal.name: goal for goal in first.recording.goals.all()}
    theirs = {goal.name: goal for goal in second.recording.goals.all()}
    return [(name, mine.get(name), theirs.get(name)) for name in sorted(mine.keys() | theirs.keys())]
