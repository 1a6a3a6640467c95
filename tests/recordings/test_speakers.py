"""The one speaker-name mapping (apps/recordings/speakers.py), for every mix of what IdentityCall
sends: a diarization label or none, a voice profile's id and name or not, a summary naming
speakers by name, by role, by label or not at all, and a user's name for the speaker."""

import itertools

import pytest

from apps.identitycall.resources import Dialogue
from apps.recordings.speakers import (
    UNKNOWN,
    agent_key,
    clean_name,
    identify,
    match_summary,
    role_of,
    speaker_key,
)


def said(label=None, profile_id=None, profile=None, start=0):
    return Dialogue(speaker=label, voice_profile_id=profile_id, voice_profile_name=profile,
                    start_ms=start, end_ms=start + 1000, text="…")


LABELS = (None, "Speaker 1")
PROFILE_IDS = (None, 89)
PROFILES = (None, "Ada Lovelace")
RENAMES = (None, "Marcus (agent)")


@pytest.mark.parametrize(("label", "profile_id", "profile", "renamed"),
                         list(itertools.product(LABELS, PROFILE_IDS, PROFILES, RENAMES)))
def test_every_mix_of_one_dialogue_fields_gets_one_name_by_the_order_of_precedence(
    label, profile_id, profile, renamed
):
    dialogue = said(label, profile_id, profile)
    key = speaker_key(dialogue)

    identity = identify([dialogue], renames={key: renamed} if renamed else None)[key]

    # A user's name, else the voice profile's, else the label, else a word for nobody.
    assert identity.name == (renamed or profile or label or UNKNOWN)
    expected_source = ("renamed" if renamed else "voice profile" if profile
                       else "label" if label else "unknown")
    assert identity.source == expected_source
    assert identity.label == (label or "")
    assert identity.profile == (profile or "")


@pytest.mark.parametrize(("dialogue", "key"), [
    (said("Speaker 2", 89, "Ada"), "label:Speaker 2"),
    (said("Speaker 2"), "label:Speaker 2"),
    (said(None, 89, "Ada"), "voice:89"),
    (said(None, 89, None), "voice:89"),
    (said(None, None, "Ada"), "voice-name:Ada"),
    (said(None, None, None), "unknown"),
])
def test_a_speaker_is_keyed_by_label_then_voice_profile(dialogue, key):
    assert speaker_key(dialogue) == key


def test_a_label_keeps_its_turns_together_and_takes_its_most_frequent_voice_profile():
    dialogues = [said("Speaker 1"), said("Speaker 1", 7, "Ada"), said("Speaker 1", 7, "Ada"),
                 said("Speaker 1", 8, "Adam")]

    identities = identify(dialogues)

    assert list(identities) == ["label:Speaker 1"]
    assert identities["label:Speaker 1"].name == "Ada"


@pytest.mark.parametrize(("summary", "names", "roles"), [
    # No summary: the transcript alone.
    ((), ["Ada Agent", "Speaker 2"], ["", ""]),
    # Roles, in label order: the unidentified caller becomes "Customer".
    (("Agent", "Customer"), ["Ada Agent", "Customer"], ["agent", "customer"]),
    # The profile's name matches its own entry; the rest goes to the speaker left.
    (("Ada Agent", "John Smith"), ["Ada Agent", "John Smith"], ["agent", ""]),
    # Names only: the first entry is "usually the agent" (the use-cases guide).
    (("John Smith", "Ada Agent"), ["Ada Agent", "John Smith"], ["", "agent"]),
    # Labels say nothing new.
    (("Speaker 1", "Speaker 2"), ["Ada Agent", "Speaker 2"], ["agent", ""]),
    # More entries than speakers (or fewer): which is which cannot be told.
    (("Agent", "Customer", "Supervisor"), ["Ada Agent", "Speaker 2"], ["", ""]),
    (("Customer",), ["Ada Agent", "Speaker 2"], ["", ""]),
    # Blank entries are no entries; role words are read loosely.
    (("", " the agent ", "CALLER 2"), ["Ada Agent", "CALLER 2"], ["agent", "customer"]),
])
def test_the_summary_names_speakers_it_can_be_matched_to(summary, names, roles):
    dialogues = [said("Speaker 1", 89, "Ada Agent"), said("Speaker 2", start=5000),
                 said("Speaker 1", 89, "Ada Agent", start=9000)]

    identities = identify(dialogues, summary)

    assert [identity.name for identity in identities.values()] == names
    assert [identity.role for identity in identities.values()] == roles


def test_summary_entries_are_matched_to_labels_in_number_order_not_speaking_order():
    dialogues = [said("Speaker 10"), said("Speaker 2", start=1000), said("Speaker 1", start=2000)]

    identities = identify(dialogues, ("Agent", "Customer", "Supervisor"))

    assert {key: identity.name for key, identity in identities.items()} == {
        "label:Speaker 10": "Supervisor", "label:Speaker 2": "Customer",
        "label:Speaker 1": "Agent"}
    assert agent_key(identities) == "label:Speaker 1"


def test_a_users_name_wins_over_everything_and_a_blank_one_is_no_name():
    dialogues = [said("Speaker 1", 89, "Ada Agent"), said("Speaker 2", start=5000)]

    identities = identify(dialogues, ("Agent", "Customer"),
                          {"label:Speaker 1": "  Marcus   (agent) ", "label:Speaker 2": "   "})

    assert identities["label:Speaker 1"].name == "Marcus (agent)"
    assert identities["label:Speaker 1"].source == "renamed"
    assert identities["label:Speaker 1"].role == "agent"  # still what the summary says
    assert identities["label:Speaker 2"].name == "Customer"


def test_two_speakers_never_share_a_name():
    dialogues = [said("Speaker 1"), said("Speaker 2", start=5000), said(None, start=9000)]

    identities = identify(dialogues, renames={"label:Speaker 1": "Marcus",
                                              "label:Speaker 2": "marcus",
                                              "unknown": "Marcus"})

    assert [identity.name for identity in identities.values()] == [
        "Marcus (Speaker 1)", "marcus (Speaker 2)", "Marcus (3)"]


def test_the_agent_side_is_the_agent_role_else_the_first_summary_entry_else_speaker_one():
    two = [said("Speaker 2"), said("Speaker 1", start=1000)]
    assert agent_key(identify(two, ("Customer", "Agent"))) == "label:Speaker 2"
    assert agent_key(identify(two, ("Jane Doe", "Bob Roe"))) == "label:Speaker 1"
    assert agent_key(identify(two)) == "label:Speaker 1"
    assert agent_key({}) is None


@pytest.mark.parametrize(("entry", "role"), [
    ("Agent", "agent"), ("the Representative", "agent"), ("Operator 1", "agent"),
    ("Caller", "customer"), ("Client", "customer"), ("Supervisor", "supervisor"),
    ("John Smith", ""), ("", ""), ("Agent Smith", ""),
])
def test_role_words_are_told_from_names(entry, role):
    assert role_of(entry) == role


def test_matching_needs_no_summary_and_ignores_junk_entries():
    seen = {"label:Speaker 1": ("Speaker 1", ""), "label:Speaker 2": ("Speaker 2", "")}

    assert match_summary(seen, ()) == {}
    assert match_summary(seen, None) == {}
    assert match_summary(seen, ("Agent", 7)) == {"label:Speaker 1": ("Agent", 0),
                                                 "label:Speaker 2": ("7", 1)}


def test_typed_names_are_one_line_and_capped():
    assert clean_name(" Marcus\n  Reed\t") == "Marcus Reed"
    assert clean_name("x" * 100) == "x" * 60
    assert clean_name(None) == ""
