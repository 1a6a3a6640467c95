"""Which side of a call each speaker of an indexed recording is on: "agent", "customer" or
"other", decided once when the analysis is stored (Line.role), so the insights page can group
emotions and talk time by role in the database.

The rule follows the console's speaker names (docs/api-decisions.md, "Speaker names"; the
recording page's version is apps/recordings/speakers.py, re-stated here because the index imports
no section): IdentityCall's summary lists `speakers` as names or roles ("Agent", "John Smith"); an
entry equal to a speaker's diarization label or voice profile name is that speaker, and the
entries left are matched in label order ("Speaker 1" first) to the speakers left when both number
the same. A role word ("agent", "caller", …) gives the side. When no speaker is the agent by a
role word, the agent is the speaker the summary lists first ("usually the agent", IdentityCall's
use-cases guide), else the first speaker in label order (the recording page's `agent_key`), in
both cases among the speakers no role word placed. The insights' own additions: a speaker whose
label or voice profile name is itself a role word ("Agent") has that role, and on a two-speaker
call whose agent is known the other speaker is the customer. Everyone else (a supervisor, a third
voice) is "other".
"""

import re

AGENT, CUSTOMER, OTHER = "agent", "customer", "other"
ROLES = (AGENT, CUSTOMER, OTHER)
ROLE_LABELS = {AGENT: "Agent", CUSTOMER: "Customer", OTHER: "Other"}
ROLE_WORDS = {
    "agent": AGENT, "representative": AGENT, "rep": AGENT, "operator": AGENT, "advisor": AGENT,
    "customer": CUSTOMER, "caller": CUSTOMER, "client": CUSTOMER,
    "supervisor": OTHER, "manager": OTHER,
}


def role_word(entry):
    """Return the side a summary entry names ("The Agent" → "agent"), or "" for a name."""
    word = " ".join(str(entry).split()).casefold().removeprefix("the ").strip()
    return ROLE_WORDS.get(word) or ROLE_WORDS.get(word.rstrip(" 0123456789"), "")


def label_order(label):
    """Sort key of a speaker: "Speaker 2" before "Speaker 10", labels with a number first."""
    number = re.search(r"\d+", label)
    return (0 if number else 1, int(number.group()) if number else 0, label.casefold())


def roles_of(speakers, summary_speakers=()):
    """Return {speaker: role} for `speakers`, each a (label, voice profile name) pair as a
    transcript gives them (either may be "")."""
    speakers = list(dict.fromkeys(speakers))
    entries = [(position, " ".join(str(entry).split()))
               for position, entry in enumerate(summary_speakers or ())]
    entries = [(position, entry) for position, entry in entries if entry]
    matched, left = {}, []
    for position, entry in entries:
        folded = entry.casefold()
        found = next((s for s in speakers if s not in matched
                      and folded in {s[0].casefold(), s[1].casefold()} - {""}), None)
        if found is None:
            left.append((position, entry))
        else:
            matched[found] = (position, entry)
    unmatched = sorted((s for s in speakers if s not in matched),
                       key=lambda s: label_order(s[0] or s[1]))
    if left and len(left) == len(unmatched):
        matched.update(zip(unmatched, left, strict=True))
    roles = {s: role_word(matched[s][1]) if s in matched else "" for s in speakers}
    for s in speakers:  # a transcript whose label or voice profile is a role word ("Agent")
        roles[s] = roles[s] or role_word(s[0]) or role_word(s[1])
    unnamed = [s for s in speakers if not roles[s]]
    if AGENT not in roles.values() and unnamed:
        first = [s for s in unnamed if s in matched and matched[s][0] == 0]
        agent = first[0] if first else min(unnamed, key=lambda s: label_order(s[0] or s[1]))
        roles[agent] = AGENT
    if len(speakers) == 2 and AGENT in roles.values():
        roles = {s: role or CUSTOMER for s, role in roles.items()}
    return {s: role or OTHER for s, role in roles.items()}


def line_roles(dialogues, summary_speakers=()):
    """Return the role of each of `dialogues` (transcript turns), in order. A label groups its
    turns even when only some carry the voice profile (as on the recording page)."""
    profiles = {}
    for dialogue in dialogues:
        if dialogue.speaker and dialogue.voice_profile_name:
            profiles.setdefault(dialogue.speaker, dialogue.voice_profile_name)
    who = [(d.speaker or "", profiles.get(d.speaker, "") if d.speaker else
            d.voice_profile_name or "") for d in dialogues]
    roles = roles_of(who, summary_speakers)
    return [roles[speaker] for speaker in who]
