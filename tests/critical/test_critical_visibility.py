"""The index's visibility filter (apps/index/visibility.py): a user sees an indexed row only when
their CURRENT key listed it; without a key, nothing. Rows are planted directly (the sync is tested
in tests/insights), so `make mutants` can run these for each mutant in a second."""

import pytest

from apps.index import visibility
from apps.index.models import IndexedProject, IndexedRecording, SyncState
from tests.factories import KEY, OTHER_KEY, give_key, make_user

pytestmark = pytest.mark.django_db

MINE, THEIRS = "a" * 40, "b" * 40


def row(fingerprint, ref, project_id=None):
    return IndexedRecording.objects.create(
        key_fingerprint=fingerprint, ref=ref, project_id=project_id, name=f"{(fingerprint or '-')[0]}-{ref}"
    )


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # the key as stored now, not the cached one


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_a_key_sees_only_the_rows_it_listed():
    row(MINE, "1", 1), row(MINE, "2", 2), row(THEIRS, "1", 1)

    assert names(visibility.visible_recordings(MINE)) == ["a-1", "a-2"]
    assert names(visibility.visible_recordings(THEIRS)) == ["b-1"]


@pytest.mark.parametrize("no_key", [None, ""])
def test_without_a_key_nothing_is_visible_not_even_rows_filed_under_no_key(no_key):
    row("", "orphan"), row(MINE, "1")

    assert names(visibility.visible_recordings(no_key)) == []
    assert visibility.state_of(no_key) is None


def test_the_sync_state_is_the_keys_own():
    SyncState.objects.create(key_fingerprint="", problem="no key's")
    SyncState.objects.create(key_fingerprint=THEIRS, problem="theirs")
    mine = SyncState.objects.create(key_fingerprint=MINE, problem="mine")

    assert visibility.state_of(MINE) == mine
    assert visibility.state_of("c" * 40) is None


def test_the_fingerprint_is_the_current_keys_and_none_without_one():
    ada = make_user("ada")
    assert visibility.fingerprint_of(ada) is None
    give_key(ada, KEY)
    first = visibility.fingerprint_of(fresh(ada))
    give_key(ada, OTHER_KEY)
    second = visibility.fingerprint_of(fresh(ada))
    assert first and second and first != second
    assert len(first) == 40


def test_project_choices_are_the_keys_projects_with_rows_named_as_the_key_named_them():
    for pid, name in ((1, "beta"), (2, "Alpha"), (3, "Unused by any row"), (4, "")):
        IndexedProject.objects.create(key_fingerprint=MINE, project_id=pid, name=name)
    IndexedProject.objects.create(key_fingerprint=THEIRS, project_id=5, name="Theirs: secret")
    IndexedProject.objects.create(key_fingerprint=THEIRS, project_id=1, name="Theirs: one")
    row(MINE, "r1", 1), row(MINE, "r1b", 1), row(MINE, "r2", 2), row(MINE, "r4", 4)
    row(MINE, "no-project"), row(MINE, "r5", 5), row(THEIRS, "t9", 9)

    choices = visibility.project_choices(MINE, visibility.visible_recordings(MINE))

    # Sorted by name without regard to case; one entry per project; a project without a name (or
    # that the key's project list never named) is "Project <id>"; no row without a project.
    assert choices == [(2, "Alpha"), (1, "beta"), (4, "Project 4"), (5, "Project 5")]


def test_project_choices_sort_by_lower_case_names():
    # "_" sorts after upper-case letters but before lower-case ones: lower() and upper() differ.
    for pid, name in ((1, "aZ"), (2, "a_b")):
        IndexedProject.objects.create(key_fingerprint=MINE, project_id=pid, name=name)
        row(MINE, f"r{pid}", pid)

    choices = visibility.project_choices(MINE, visibility.visible_recordings(MINE))

    assert choices == [(2, "a_b"), (1, "aZ")]
