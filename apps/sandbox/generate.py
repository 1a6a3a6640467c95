"""Deterministic analysis of a recording: transcript, results and summary derived from its seed.

Every function takes plain values (seed, language, duration) and draws from its own
`random.Random(f"{seed}:<stream>")`, so the same recording always gives the same answer, the list
view can compute speakers and goal achievement without building a transcript, and results are cached
per recording.
"""

import random
from dataclasses import dataclass
from functools import lru_cache

from .phrases import (
    AGENT_NAMES,
    BAND_LEADS,
    CUSTOMER_NAMES,
    DAYS,
    DAYS_LOCAL,
    DIALOGUE,
    EMOTION_BASE,
    EMOTIONS,
    GOALS,
    PHASES,
    SUPERVISOR_NAMES,
)

MS_PER_DIALOGUE = 4800  # an average turn plus the gap after it; 2 h of audio ≈ 1,500 dialogues
MAX_DIALOGUES = 2000
PAUSE_MIN_MS = 2000  # gaps at least this long are reported as pauses
# IdentityCall docs gap: how `met` relates to `score` is undocumented; met = the "achieved" band
# or better (the analysis guide's 0.7).
GOAL_MET_SCORE = 0.7
KEYWORD_ID_BASE = {"en": 300, "lt": 400, "de": 500}
ROLE_TITLES = {
    "agent": "Agent",
    "customer": "Customer",
    "supervisor": "Supervisor",
    "other": "Second caller",
}


@dataclass(frozen=True)
class Speaker:
    label: str  # the diarization label, "Speaker 1"
    role: str  # agent, customer, supervisor or other
    name: str  # the person's name as spoken in the call
    voice_profile_id: int | None
    voice_profile_name: str | None

    @property
    def display(self):
        """Return the name used in lists and summaries: the voice profile's, else the role's."""
        # IdentityCall docs conflict: transcripts use "Speaker 1" while lists and summaries use
        # names or roles ("Agent", "John Smith"); we map enrolled speakers to their profile name and
        # the others to their role.
        return self.voice_profile_name or ROLE_TITLES[self.role]


def _rng(seed, stream):
    return random.Random(f"{seed}:{stream}")


def _bank(language):
    return DIALOGUE.get(language, DIALOGUE["en"])


def _clock(ms):
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    return (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
        if hours
        else f"{rest // 60:02d}:{rest % 60:02d}"
    )


def band(score):
    """Return the analysis guide's band for a goal score (0–1)."""
    if score >= 0.9:
        return "strong"
    if score >= 0.7:
        return "achieved"
    if score >= 0.5:
        return "partial"
    if score >= 0.3:
        return "weak"
    return "not"


@lru_cache(maxsize=4096)
def speakers(seed, language):
    """Return the recording's 2–4 speakers; the agent is always "Speaker 1"."""
    rng = _rng(seed, "speakers")
    count = rng.choices((2, 3, 4), weights=(70, 22, 8))[0]
    agent_index = rng.randrange(len(AGENT_NAMES))
    customers = CUSTOMER_NAMES.get(language, CUSTOMER_NAMES["en"])
    customer_index = rng.randrange(len(customers))
    agent_known = rng.random() < 0.75
    customer_known = rng.random() < 0.3
    people = [
        Speaker(
            "Speaker 1",
            "agent",
            AGENT_NAMES[agent_index],
            80 + agent_index if agent_known else None,
            AGENT_NAMES[agent_index] if agent_known else None,
        ),
        Speaker(
            "Speaker 2",
            "customer",
            customers[customer_index],
            200 + customer_index if customer_known else None,
            customers[customer_index] if customer_known else None,
        ),
    ]
    if count >= 3:
        index = rng.randrange(len(SUPERVISOR_NAMES))
        people.append(
            Speaker(
                "Speaker 3",
                "supervisor",
                SUPERVISOR_NAMES[index],
                150 + index,
                SUPERVISOR_NAMES[index],
            )
        )
    if count == 4:
        people.append(Speaker("Speaker 4", "other", "", None, None))
    return tuple(people)


@lru_cache(maxsize=4096)
def goals(seed, language, duration_ms):
    """Return (goals list, goal_achievement 0–100) for a completed recording."""
    rng = _rng(seed, "goals")
    agent = speakers(seed, language)[0]
    agent_ref = agent.name.split()[0]
    chosen = sorted(rng.sample(range(len(GOALS)), rng.randint(5, 7)))
    quality = rng.betavariate(4, 2)
    evaluated = []
    for index in chosen:
        name, met_text, partial_text, missed_text = GOALS[index]
        score = round(min(1.0, max(0.0, quality + rng.gauss(0, 0.24))), 2)
        kind = band(score)
        text = {"strong": met_text, "achieved": met_text, "partial": partial_text}.get(
            kind, missed_text
        )
        if kind == "weak":
            text = partial_text + ", and only after the caller prompted it"
        ts = _clock(int(duration_ms * rng.uniform(0.02, 0.95)))
        explanation = BAND_LEADS[kind] + text.format(agent=agent_ref, ts=ts) + "."
        evaluated.append(
            {
                "goal_id": 11 + index,
                "goal_name": name,
                "met": score >= GOAL_MET_SCORE,
                "score": score,
                "explanation": explanation,
            }
        )
    met = sum(goal["met"] for goal in evaluated)
    return tuple(evaluated), round(100.0 * met / len(evaluated), 1)


def overview(seed, language, duration_ms):
    """Return (speaker names, goal_achievement) for list items and details."""
    names = [person.display for person in speakers(seed, language)]
    return names, goals(seed, language, duration_ms)[1]


def dialogue_count(duration_ms):
    """Return how many dialogues a recording of this length has."""
    return max(4, min(MAX_DIALOGUES, round(duration_ms / MS_PER_DIALOGUE)))


def _roles(rng, phases, people):
    """Return the speaking role of each turn: agent and customer alternate, others chime in."""
    roles_present = {person.role for person in people}
    count = len(phases)
    sequence = []
    for position, phase in enumerate(phases):
        role = "agent" if position % 2 == 0 else "customer"
        if phase in ("investigation", "resolution"):
            if "supervisor" in roles_present and rng.random() < 0.04:
                role = "supervisor"
            elif "other" in roles_present and rng.random() < 0.04:
                role = "other"
        sequence.append(role)
    # Everyone present says something at least once, late in the call.
    for offset, role in enumerate(sorted(roles_present - set(sequence))):
        sequence[max(2, int(count * 0.8)) - offset] = role
    return sequence


def _phase(position, count):
    share = position / count
    return next(name for name, until in PHASES if share < until)


# IdentityCall docs gap: the eight emotion values add up to 1.0 in every example, so they are
# generated as a distribution.
def _emotion(rng, role, phase):
    base = EMOTION_BASE["agent"] if role == "agent" else EMOTION_BASE["customer"][phase]
    random_ = rng.random
    weights = [value * (0.4 + 1.2 * random_()) + 0.002 for value in base]
    scale = 10000 / sum(weights)
    # Whole basis points, the rounding remainder on the largest value: the sum is exactly 1.
    points = [int(weight * scale) for weight in weights]
    largest = points.index(max(points))
    points[largest] += 10000 - sum(points)
    return {key: point / 10000 for key, point in zip(EMOTIONS, points)}


@lru_cache(maxsize=64)
def transcript(recording_id, seed, language, duration_ms):
    """Return (dialogues, full_text); dialogue ids are `recording_id * 10000 + position`."""
    rng = _rng(seed, "dialogues")
    words = _bank(language)
    people = speakers(seed, language)
    roles_to_people = by_role(people)
    count = dialogue_count(duration_ms)
    context = _context(seed, language, people)
    phases = [_phase(position, count) for position in range(count)]
    roles = _roles(rng, phases, people)
    texts = [_line(rng, words, role, phase, context) for role, phase in zip(roles, phases)]

    # Timing: gaps (a few long pauses, alternating short and long), then turns sized by their text.
    gaps = [rng.randint(150, 1100) for _ in range(count)]
    gaps[0] = rng.randint(300, 1500)  # lead-in before the first word
    for number, position in enumerate(
        sorted(rng.sample(range(1, count), min(count - 1, max(2, count // 30))))
    ):
        gaps[position] = rng.randint(2000, 4500) if number % 2 == 0 else rng.randint(6000, 24000)
    weights = [len(text) * rng.uniform(0.8, 1.2) + 20 for text in texts]
    speech = duration_ms - 500 - sum(gaps)
    if speech < count * 600:  # a short file: shrink the gaps so every turn still gets ~0.6 s
        scale = max(0.0, duration_ms - 500 - count * 600) / sum(gaps)
        gaps = [int(gap * scale) for gap in gaps]
        speech = duration_ms - 500 - sum(gaps)
    scale = speech / sum(weights)

    dialogues = []
    clock = 0
    for position, (role, text) in enumerate(zip(roles, texts), start=1):
        person = roles_to_people[role]
        start = clock + gaps[position - 1]
        end = start + max(300, int(weights[position - 1] * scale))
        clock = end
        dialogues.append(
            {
                "id": recording_id * 10000 + position,
                "position": position,
                "speaker": person.label,
                "voice_profile_id": person.voice_profile_id,
                "voice_profile_name": person.voice_profile_name,
                "text": text,
                "start_ms": start,
                "end_ms": end,
                "emotion": _emotion(rng, role, phases[position - 1]),
            }
        )
    return tuple(dialogues), " ".join(texts)


def _context(seed, language, people):
    rng = _rng(seed, "context")
    words = _bank(language)
    topic, topic_summary = rng.choice(words["topics"])
    cents = rng.randint(1500, 48000)
    amount = f"${cents / 100:.2f}" if language == "en" else f"{cents // 100},{cents % 100:02d} €"
    names = {person.role: person.name for person in people}
    return {
        "agent": names["agent"].split()[0],
        "customer": names["customer"],
        "supervisor": names.get("supervisor", ""),
        "company": rng.choice(words["company"]),
        "topic": topic,
        "topic_summary": topic_summary,
        "ref": f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(100000, 999999)}",
        "amount": amount,
        "day": rng.choice(DAYS_LOCAL.get(language, DAYS)),
    }


def _line(rng, words, role, phase, context):
    if role == "supervisor":
        return rng.choice(words["supervisor"]).format(name=context["supervisor"].split()[0])
    if role == "other":
        return rng.choice(words["other"])
    return rng.choice(words[phase][role]).format(**context)


@lru_cache(maxsize=256)
def keywords(recording_id, seed, language, duration_ms):
    """Return keyword detections found in the transcript's text, with their start times."""
    dialogues, _ = transcript(recording_id, seed, language, duration_ms)
    lowered = [(dialogue["text"].lower(), dialogue["start_ms"]) for dialogue in dialogues]
    base = KEYWORD_ID_BASE.get(language, KEYWORD_ID_BASE["en"])
    found = []
    for index, (word, sentiment) in enumerate(_bank(language)["keywords"]):
        needle = word.lower()
        times = [start for text, start in lowered if needle in text]
        if times:
            found.append(
                {
                    "keyword_id": base + index,
                    "keyword_name": word,
                    "sentiment": sentiment,
                    "count": len(times),
                    "timestamps_ms": times,
                }
            )
    return tuple(found)


def pauses(recording_id, seed, language, duration_ms, threshold_seconds):
    """Return the silences of at least 2 s; compliant when no longer than the threshold."""
    dialogues, _ = transcript(recording_id, seed, language, duration_ms)
    limit = (threshold_seconds or 5) * 1000
    found = []
    for before, after in zip(dialogues, dialogues[1:]):
        gap = after["start_ms"] - before["end_ms"]
        if gap >= PAUSE_MIN_MS:
            found.append(
                {
                    "start_ms": before["end_ms"],
                    "end_ms": after["start_ms"],
                    "duration_ms": gap,
                    "compliant": gap <= limit,
                    "after_dialogue_id": before["id"],
                }
            )
    return found


def summary(recording_id, seed, language, duration_ms):
    """Return the prose summary, naming every speaker as the lists do."""
    # IdentityCall docs gap: a project's summary_language is not reflected; summaries are English.
    rng = _rng(seed, "summary")
    people = speakers(seed, language)
    evaluated, achievement = goals(seed, language, duration_ms)
    context = _context(seed, language, people)
    refs = {person.role: _reference(person) for person in people}
    caller = _reference(by_role(people)["customer"], mid_sentence=True)
    sentences = [
        f"{refs['agent']} handled a {_minutes(duration_ms)} call from {caller} "
        f"about {context['topic_summary']}."
    ]
    sentences.append(
        rng.choice(
            [
                "The caller was frustrated at first and had already contacted support before.",
                "The caller described the problem calmly and had the reference number ready.",
                "The caller asked for the issue to be settled on this call.",
            ]
        )
    )
    if "supervisor" in refs:
        sentences.append(f"{refs['supervisor']} joined to approve an exception on the account.")
    if "other" in refs:
        sentences.append(f"{refs['other']} also spoke on the account holder's behalf.")
    if achievement >= 80:
        sentences.append("The issue was resolved on the call and the next steps were confirmed.")
    elif achievement >= 50:
        sentences.append("A resolution was offered, but some next steps were left open.")
    else:
        sentences.append("The call ended without a clear resolution; a follow-up is recommended.")
    weakest = min(evaluated, key=lambda goal: goal["score"])
    met = sum(goal["met"] for goal in evaluated)
    sentences.append(
        f"Goals met: {met} of {len(evaluated)} ({achievement:g}%); the weakest was "
        f"\u201c{weakest['goal_name']}\u201d."
    )
    return " ".join(sentences)


def by_role(people):
    """Return the speakers keyed by role."""
    return {person.role: person for person in people}


def _reference(person, *, mid_sentence=False):
    if person.voice_profile_name:
        return person.voice_profile_name
    return ("the " if mid_sentence else "The ") + ROLE_TITLES[person.role].lower()


def _minutes(duration_ms):
    minutes, seconds = divmod(duration_ms // 1000, 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
