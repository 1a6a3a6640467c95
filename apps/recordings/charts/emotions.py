"""Emotions over time: per speaker, stacked emotion shares over their turns, bucketed, and the
strongest shifts ("Customer: calm → angry at 31:20") marked and linked to their moment."""

from dataclasses import dataclass
from itertools import pairwise

from apps.recordings.analysis.emotions import EMOTION_LABELS, EMOTIONS
from apps.recordings.analysis.timing import clock
from apps.recordings.speakers import speaker_key
from apps.reference.emotions import EMOTION_COLOURS

from .layout import PLOT_WIDTH, PLOT_X, WIDTH, rounded, short_name, whole_percentages

MAX_BUCKETS = 60
HEAD = 36  # the speaker's name and a note above their band
EMOTION_HEIGHT = 48
EMOTION_GAP = 14
MAX_SHIFTS = 3
MIN_SHIFT = 0.2  # how much two emotions' shares must swap to count as a shift (0–2)

NO_SCORES = (0.0,) * len(EMOTIONS)


@dataclass(frozen=True)
class Layer:
    emotion: str
    label: str
    fill: str
    d: str


@dataclass(frozen=True)
class Shift:
    """Where a speaker's dominant emotion changed most: `before` → `after` from turn `turn`."""

    speaker: object
    before: str
    after: str
    ms: int
    turn: int
    strength: float
    number: int = 0  # its place in time order, as marked on the chart
    x: float = 0

    @property
    def second(self):
        return self.ms // 1000

    @property
    def text(self):
        return (f"{self.speaker.name}: {EMOTION_LABELS[self.before].lower()} → "
                f"{EMOTION_LABELS[self.after].lower()} at {clock(self.ms)}")


@dataclass(frozen=True)
class EmotionPanel:
    speaker: object
    label: str
    top: float
    label_y: float
    note_y: float
    area_top: float
    turns: int
    buckets: int
    layers: tuple
    averages: tuple  # (emotion key, label, whole percentage) in EMOTIONS order
    dominant: str
    shifts: tuple = ()


@dataclass(frozen=True)
class EmotionChart:
    width: int
    height: int
    plot_x: int
    plot_width: int
    panel_height: int
    panels: tuple
    legend: tuple  # (key, label, fill)
    shifts: tuple  # the strongest Shifts, in time order
    description: str


def emotions(dialogues, speakers):
    """Return a small multiple per speaker (stacked emotion shares over their turns, bucketed)
    and the call's strongest shifts."""
    rows = {speaker.key: [] for speaker in speakers}
    starts = {speaker.key: [] for speaker in speakers}
    for dialogue in dialogues:
        key = speaker_key(dialogue)
        rows[key].append(_scores(dialogue.emotion))
        starts[key].append(dialogue.start_ms or 0)
    steps = {key: _steps(rows[key], starts[key]) for key in rows}
    ranked = sorted((shift for speaker in speakers
                     for shift in shifts_of(speaker, *steps[speaker.key][1:])),
                    key=lambda shift: shift.strength, reverse=True)[:MAX_SHIFTS]
    chosen = [_placed(shift, number, len(steps[shift.speaker.key][1]))
              for number, shift in enumerate(sorted(ranked, key=lambda s: s.ms), start=1)]
    panels = tuple(
        _emotion_panel(speaker, steps[speaker.key], len(rows[speaker.key]), index,
                       tuple(shift for shift in chosen if shift.speaker is speaker))
        for index, speaker in enumerate(speakers)
    )
    description = "; ".join(
        f"{panel.speaker.name} is mostly {EMOTION_LABELS[panel.dominant].lower()}"
        for panel in panels if panel.dominant
    )
    strongest = "; ".join(shift.text for shift in chosen)
    return EmotionChart(
        width=WIDTH,
        height=len(panels) * (HEAD + EMOTION_HEIGHT + EMOTION_GAP),
        plot_x=PLOT_X,
        plot_width=PLOT_WIDTH,
        panel_height=EMOTION_HEIGHT,
        panels=panels,
        legend=tuple((key, EMOTION_LABELS[key], EMOTION_COLOURS[key]) for key in EMOTIONS),
        shifts=tuple(chosen),
        description=f"Emotion shares over each speaker's turns. {description}."
                    + (f" Strongest shifts: {strongest}." if strongest else ""),
    )


def _scores(emotion):
    """Return the eight scores of one dialogue in EMOTIONS order (missing or negative → 0)."""
    # The client keeps only the documented keys, as floats; `> 0.0` also turns a NaN into 0.
    return [score if score > 0.0 else 0.0
            for score in map((emotion or {}).get, EMOTIONS, NO_SCORES)]


def _steps(rows, starts):
    """Return (columns, steps, step starts) of a speaker's turns: the score columns, the turns
    averaged into at most MAX_BUCKETS consecutive steps (shares), and when each step starts."""
    columns = list(zip(*rows, strict=True))
    count = min(MAX_BUCKETS, len(rows))
    steps = [_normalised(row) for row in _bucket_columns(columns, len(rows), MAX_BUCKETS)]
    return columns, steps, [starts[index * len(rows) // count] for index in range(count)]


def shifts_of(speaker, steps, starts):
    """Return a speaker's shifts: where the emotion leading the few steps before (a step is a
    turn, or on a long call one of at most MAX_BUCKETS averaged runs of turns) differs from the
    one leading the few from there on; strongest first, at most MAX_SHIFTS, never two within the
    same few steps. A shift's `turn` is its step, its `ms` when that step starts."""
    rows, count = steps, len(steps)
    if count < 2:
        return []
    reach = max(1, min(5, count // 4))
    # The mean of every `reach` consecutive steps, once: window i is steps i .. i + reach - 1.
    sums = [[0.0] * len(EMOTIONS)]
    for row in rows:
        sums.append([total + value for total, value in zip(sums[-1], row, strict=True)])
    means = [[(high - low) / reach for low, high in zip(sums[i], sums[i + reach], strict=True)]
             for i in range(count - reach + 1)]
    leads = [_lead(mean) for mean in means]
    found = []
    for turn in range(reach, count - reach + 1):
        lead_before, lead_after = leads[turn - reach], leads[turn]
        if lead_before == lead_after:
            continue
        before, after = means[turn - reach], means[turn]
        strength = (after[lead_after] - before[lead_after]) + (before[lead_before]
                                                               - after[lead_before])
        if strength >= MIN_SHIFT:
            found.append(Shift(speaker, EMOTIONS[lead_before], EMOTIONS[lead_after],
                               starts[turn], turn, round(strength, 3)))
    kept = []
    for shift in sorted(found, key=lambda shift: shift.strength, reverse=True):
        if all(abs(shift.turn - other.turn) >= reach for other in kept):
            kept.append(shift)
    return kept[:MAX_SHIFTS]


def _lead(shares):
    return max(range(len(shares)), key=shares.__getitem__)


def _placed(shift, number, steps):
    """Return `shift` numbered and placed on its speaker's band, at its step of the chart."""
    x = rounded(PLOT_X + PLOT_WIDTH * shift.turn / max(1, steps - 1))
    return Shift(shift.speaker, shift.before, shift.after, shift.ms, shift.turn, shift.strength,
                 number, x)


def bucket(rows, limit=MAX_BUCKETS):
    """Return the element-wise means of `rows` in at most `limit` consecutive, even buckets."""
    return _bucket_columns(list(zip(*rows, strict=True)), len(rows), limit)


def _bucket_columns(columns, length, limit):
    """Return bucket() of the rows whose columns (each `length` long) are `columns`."""
    count = min(limit, length)
    bounds = [index * length // count for index in range(count + 1)]
    return [[sum(column[low:high]) / (high - low) for column in columns]
            for low, high in pairwise(bounds)]


def _emotion_panel(speaker, steps_of, turns, index, shifts):
    top = index * (HEAD + EMOTION_HEIGHT + EMOTION_GAP)
    area_top = top + HEAD
    columns, buckets, _ = steps_of
    steps = len(buckets)
    if len(buckets) == 1:
        buckets = buckets * 2  # a single turn still spans the panel
    xs = [rounded(PLOT_X + i * PLOT_WIDTH / max(1, len(buckets) - 1)) for i in range(len(buckets))]
    floor = [0.0] * len(buckets)
    floor_line = _line(xs, floor, area_top)
    layers = []
    for position, key in enumerate(EMOTIONS):
        ceiling = [low + row[position] for low, row in zip(floor, buckets, strict=True)]
        ceiling_line = _line(xs, ceiling, area_top)  # each layer's top is the next one's bottom
        if any(high > low for low, high in zip(floor, ceiling, strict=True)):
            layers.append(Layer(key, EMOTION_LABELS[key], EMOTION_COLOURS[key],
                                f"M{' '.join(ceiling_line)} L{' '.join(reversed(floor_line))}Z"))
        floor, floor_line = ceiling, ceiling_line
    totals = [sum(column) for column in columns] if turns else [0] * len(EMOTIONS)
    averages = whole_percentages(totals)
    ranked = sorted(zip(EMOTIONS, averages, strict=True), key=lambda pair: pair[1], reverse=True)
    dominant = ranked[0][0] if ranked and ranked[0][1] > 0 else ""
    return EmotionPanel(
        speaker=speaker,
        label=short_name(speaker.name),
        top=top,
        label_y=top + 14,
        note_y=top + 30,
        area_top=area_top,
        turns=turns,
        buckets=steps,
        layers=tuple(layers),
        averages=tuple((key, EMOTION_LABELS[key], pct)
                       for key, pct in zip(EMOTIONS, averages, strict=True)),
        dominant=dominant,
        shifts=shifts,
    )


def _normalised(row):
    # IdentityCall docs gap: the eight scores add up to 1 in every example (a distribution) but the
    # docs do not say so; shares are normalised so the stacked bands always fill the panel.
    total = sum(row)
    return [value / total for value in row] if total > 0 else row


def _line(xs, shares, top):
    """Return the "x y" points of a stacked line at `shares` of the panel (y grows downwards)."""
    return [f"{x} {rounded(top + EMOTION_HEIGHT * (1 - share))}"
            for x, share in zip(xs, shares, strict=True)]
