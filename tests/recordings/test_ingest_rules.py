"""apps/recordings/ingest/rules.py: what may be uploaded, and the ids and names sent with it."""

import pytest

from apps.recordings.ingest import rules


@pytest.mark.parametrize(
    ("name", "size", "problem"),
    [
        ("a.mp3", 100 * 1024 * 1024, None),
        ("a.mp3", 100 * 1024 * 1024 + 1, "a.mp3 is 100.0\xa0MB; IdentityCall accepts MP3 files up to 100 MB."),
        ("a.WAV", 500 * 1024 * 1024, None),
        ("a.flac", 500 * 1024 * 1024 + 1, "a.flac is 500.0\xa0MB; IdentityCall accepts FLAC files up to 500 MB."),
        ("a.webm", 1, None),
        ("a.m4a", 1, None),
        ("a.ogg", 1, None),
        ("a.aac", 1, "a.aac is not an audio file IdentityCall accepts (MP3, WAV, M4A, OGG, FLAC or WebM)."),
        ("a.wav", 0, "a.wav is empty."),
    ],
)
def test_type_and_size_rules_follow_the_documented_formats(name, size, problem):
    assert rules.check_file(name, size) == problem


def test_the_external_id_comes_from_the_content_unless_given():
    sha = "ab" * 32
    assert rules.external_id_for(sha) == "console-" + "ab" * 16
    assert rules.external_id_for(sha, "  crm-1 ") == "crm-1"
    assert rules.external_id_for(sha, "crm-1", batch_size=2) == "crm-1-" + "ab" * 6
    assert rules.external_id_for(sha, "", batch_size=2) == "console-" + "ab" * 16


def test_only_an_external_id_the_person_chose_is_named_in_an_already_uploaded_sentence():
    sha = "ab" * 32
    assert rules.chosen_external_id(sha, "") == ""
    assert rules.chosen_external_id(sha, "   ") == ""
    assert rules.chosen_external_id(sha, " crm-1 ") == "crm-1"
    assert rules.chosen_external_id(sha, "crm-1", batch_size=2) == "crm-1-" + "ab" * 6


def test_the_name_is_a_prefix_in_a_batch_and_absent_when_not_given():
    assert rules.display_name_for("monday.wav", "") is None
    assert rules.display_name_for("monday.wav", "Week 12") == "Week 12"
    assert rules.display_name_for("monday.wav", "Week 12", batch_size=2) == "Week 12 – monday"


def test_a_file_larger_than_a_whole_request_may_be_is_refused_with_both_sizes(settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024

    assert rules.request_size_error("call.wav", 1024) is None
    assert rules.request_size_error("call.wav", 2048) == (
        "call.wav is 2.0\xa0KB; this console accepts at most 1.0\xa0KB in one upload."
    )
