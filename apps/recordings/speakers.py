"""Who each speaker of a recording is: the one place a speaker's display name is decided.

IdentityCall names a speaker in three places that never say how they relate
(docs/api-decisions.md, "Speaker names"): each dialogue carries a diarization label ("Speaker 1")
and, when voice biometrics knew the voice, a voice profile (`voice_profile_id`,
`voice_profile_name`); the summary lists `speakers` as names or roles ("Agent", "John Smith"), and
its first entry is "usually the agent". On top of that a console user may rename a speaker for one
recording (models.SpeakerName). `identify()` weighs all of it once, and the transcript, the
timeline, the charts, the summary and the exports all print `Identity.name`.

The order of precedence, strongest first: the user's name for the speaker on this recording, the
voice profile's name, what the summary calls the speaker, the diarization label.
"""

import re
from dataclasses import dataclass

UNKNOWN = "Unknown speaker"
# Role words a summary may use for a speaker, and the side each stands for.
ROLE_WORDS = {
    "agent": "agent", "representative": "agent", "rep": "agent", "operator": "agent",
    "advisor": "agent", "customer": "customer", "caller": "customer", "client": "customer",
    "supervisor": "supervisor", "manager": "supervisor",
}
ROLE_NAMES = {"agent": "Agent", "customer": "Customer", "supervisor": "Supervisor"}
MAX_NAME = 60


@dataclass(frozen=True)
class Identity:
    """One speaker of a recording and everything known about their name."""

    key: str  # stable within the recording: "label:Speaker 1", "voice:89", "unknown"
    label: str  # the diarization label, "" when IdentityCall sent none
    profile: str  # the voice profile's name, "" when the voice was not identified
    from_summary: str  # what the summary calls this speaker, "" when that cannot be told
    role: str  # "agent", "customer", "supervisor" or ""
    renamed: str  # a console user's name for this speaker on this recording, or ""
    name: str  # what every page and export shows
    source: str  # "renamed", "voice profile", "summary", "label" or "unknown"

    @property
    def role_name(self):
        return ROLE_NAMES.get(self.role, "")


def speaker_key(dialogue):
    """Return the key grouping a dialogue with the others of its speaker."""
    # IdentityCall docs gap: the label is per recording and the voice profile across
    # recordings; a label groups its dialogues even when only some carry the profile.
    if dialogue.speaker:
        return f"label:{dialogue.speaker}"
    if dialogue.voice_profile_id is not None:
        return f"voice:{dialogue.voice_profile_id}"
    if dialogue.voice_profile_name:
        return f"voice-name:{dialogue.voice_profile_name}"
    return "unknown"


def clean_name(raw):
    """Return a typed speaker name on one line, trimmed and capped ("" for none)."""
    return " ".join((raw or "").split())[:MAX_NAME]


def identify(dialogues, summary_speakers=(), renames=None):
    """Return {key: Identity} for the speakers of `dialogues`, in order of first appearance.

    `summary_speakers` is the summary's `speakers` list; `renames` maps keys to a user's names.
    """
    renames = renames or {}
    seen = _speakers_seen(dialogues)
    matched = match_summary(seen, summary_speakers)
    identities = {}
    for key, (label, profile) in seen.items():
        entry, position = matched.get(key, ("", None))
        role = role_of(entry)
        if not role and position == 0 and len(seen) > 1 and not _any_role(summary_speakers):
            # IdentityCall docs gap: only the use-cases guide says speakers[0] is "usually the
            # agent"; with names alone, that is the one hint there is.
            role = "agent"
        summary_name = "" if entry.casefold() in (label.casefold(), profile.casefold()) else entry
        renamed = clean_name(renames.get(key))
        name, source = _name(renamed, profile, summary_name, label)
        identities[key] = Identity(key, label, profile, entry, role, renamed, name, source)
    return _distinct(identities)


def _speakers_seen(dialogues):
    """Return {key: (label, voice profile name)} in order of first appearance; a label heard
    with several profiles takes the one it carries most often."""
    counts = {}
    for dialogue in dialogues:
        key = speaker_key(dialogue)
        profiles = counts.setdefault(key, ({}, dialogue.speaker or ""))[0]
        if dialogue.voice_profile_name:
            name = dialogue.voice_profile_name
            profiles[name] = profiles.get(name, 0) + 1
    return {
        key: (label, max(profiles, key=profiles.__getitem__) if profiles else "")
        for key, (profiles, label) in counts.items()
    }


def match_summary(seen, summary_speakers):
    """Return {key: (summary entry, its position)} for the speakers the summary names.

    An entry equal to a voice profile's name or a label is that speaker; the entries left are
    matched in order to the speakers left (by label, "Speaker 1" first) only when both number
    the same: otherwise which is which cannot be told.
    """
    entries = [(position, " ".join(str(entry).split()))
               for position, entry in enumerate(summary_speakers or ())]
    entries = [(position, entry) for position, entry in entries if entry]
    matched, left = {}, []
    for position, entry in entries:
        folded = entry.casefold()
        key = next((key for key, (label, profile) in seen.items() if key not in matched
                    and folded in (label.casefold(), profile.casefold())), None)
        if key is None:
            left.append((position, entry))
        else:
            matched[key] = (entry, position)
    unmatched = sorted((key for key in seen if key not in matched),
                       key=lambda key: _label_order(seen[key][0], list(seen).index(key)))
    if left and len(left) == len(unmatched):
        for key, (position, entry) in zip(unmatched, left, strict=True):
            matched[key] = (entry, position)
    return matched


def _label_order(label, appearance):
    """Sort key: labelled speakers by their label's number ("Speaker 2" before "Speaker 10"),
    then the others as they first spoke."""
    number = re.search(r"\d+", label)
    if not label:
        return (2, appearance, "")
    return (0 if number else 1, int(number.group()) if number else 0, label.casefold())


def role_of(entry):
    """Return the side a summary entry names ("Agent" → "agent"), or "" for a person's name."""
    word = entry.casefold().strip()
    word = word.removeprefix("the ").strip()
    return ROLE_WORDS.get(word) or ROLE_WORDS.get(word.rstrip(" 0123456789"), "")


def _any_role(summary_speakers):
    return any(role_of(" ".join(str(entry).split())) for entry in summary_speakers or ())


def _name(renamed, profile, summary_name, label):
    """Return (display name, where it comes from), strongest source first."""
    for name, source in ((renamed, "renamed"), (profile, "voice profile"),
                         (summary_name, "summary"), (label, "label")):
        if name:
            return name, source
    return UNKNOWN, "unknown"


def _distinct(identities):
    """Return `identities` with names no two speakers share: "Customer (Speaker 2)"."""
    by_name = {}
    for identity in identities.values():
        by_name.setdefault(identity.name.casefold(), []).append(identity.key)
    result = dict(identities)
    for keys in by_name.values():
        if len(keys) < 2:
            continue
        for number, key in enumerate(keys, start=1):
            identity = identities[key]
            extra = identity.label if identity.label and identity.label != identity.name else str(
                number)
            result[key] = _replace_name(identity, f"{identity.name} ({extra})")
    return result


def _replace_name(identity, name):
    return Identity(identity.key, identity.label, identity.profile, identity.from_summary,
                    identity.role, identity.renamed, name, identity.source)


def agent_key(identities):
    """Return the key of the speaker on the agent's side, or None when there is no speaker."""
    if not identities:
        return None
    by_role = next((key for key, identity in identities.items() if identity.role == "agent"), None)
    if by_role:
        return by_role
    return min(identities, key=lambda key: _label_order(identities[key].label,
                                                        list(identities).index(key)))


def names_of(identities):
    """Return {key: display name}."""
    return {key: identity.name for key, identity in identities.items()}


@dataclass(frozen=True)
class _Listed:
    """A speaker as a row of the recordings list gives it: a name IdentityCall put in `speakers`
    (a diarization label, or a voice profile's name), read like a dialogue's label."""

    speaker: str
    voice_profile_id: None = None
    voice_profile_name: str = ""


def names_from_list(speakers, renames=None):
    """Return the display names of a list row's `speakers` through identify(), so the list shows
    what the recording's page shows for them (a user's rename included). A list names speakers
    by label or by the name IdentityCall gives them: a rename is found by either ("label:…", or
    "alias:…" from renames.saved_names_for)."""
    renames = renames or {}
    listed = [_Listed(entry) for entry in (" ".join(str(s).split()) for s in speakers) if entry]
    keyed = {}
    for entry in listed:
        key = f"label:{entry.speaker}"
        name = renames.get(key) or renames.get(f"alias:{entry.speaker.casefold()}")
        if name:
            keyed[key] = name
    return [identity.name for identity in identify(listed, (), keyed).values()]
