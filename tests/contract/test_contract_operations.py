"""Every client operation against the sandbox over real HTTP: parsed fully, with the API's meaning.

The client's unit tests fake the network with `responses`; here the same calls reach the sandbox
through the live server, so a field name, a status or a path the two disagree on shows up as a
resource field left None or a wrong answer.
"""

import inspect
import math
import uuid

import pytest

from apps.identitycall.client import IdentityCallClient
from apps.identitycall.errors import NotFoundError, ValidationError
from apps.identitycall.resources.analysis import EMOTIONS
from apps.sandbox.models import (
    AvailableNumber,
    NumberOperator,
    Operator,
    Project,
    Recording,
    VirtualNumber,
)
from tests.contract.contract_support import SANDBOX_APPS, audio, unset_fields

pytestmark = pytest.mark.django_db(transaction=True, available_apps=SANDBOX_APPS)

# Fields only the detail form carries, so a list item leaves them unset.
RECORDING_DETAIL_ONLY = {
    "dialogues_count",
    "goals_evaluated",
    "keywords_detected",
    "pauses_detected",
    "audio_attached",
}
PROJECT_FULL_ONLY = {
    "description",
    "goal_language",
    "summary_language",
    "long_pause_threshold_seconds",
    "transcription_hints",
    "retention_days",
    "quality_baseline_enabled",
    "quality_baseline_pct",
    "recordings_count",
    "virtual_numbers_count",
}
# The short form's embedded operators are {id, name, initials}; stats, routing and calls are
# detail-only.
NUMBER_SHORT_UNSET = {
    "recording",
    "routing_strategy",
    "stats",
    "operators.phone_number",
    "operators.priority",
}


def completed_rows():
    """Return the seeded recordings that the clock has completed, with an external_id."""
    return Recording.objects.filter(
        status_override__isnull=True, fails=False, external_id__isnull=False
    ).order_by("id")


def fully_analysed(api):
    """Return the detail of a completed recording with keywords and pauses to look at."""
    for row in completed_rows():
        recording = api.get_recording(row.id)
        if recording.keywords_detected and recording.pauses_detected:
            return recording
    raise AssertionError("the demo account has no completed recording with keywords and pauses")


def ids(resources):
    return [resource.id for resource in resources]


# Recordings ----------------------------------------------------------------------------------


def test_recordings_are_listed_page_by_page_with_meta(api):
    total = Recording.objects.count()
    first = api.list_recordings(per_page=30)
    pages = math.ceil(total / 30)

    assert (first.current_page, first.per_page, first.total_count, first.total_pages) == (
        1,
        30,
        total,
        pages,
    )
    assert len(first) == 30 and first.has_next and not first.has_previous
    last = api.list_recordings(page=pages, per_page=30)
    assert len(last) == total - 30 * (pages - 1)
    assert last.has_previous and not last.has_next
    seen = [
        item.id
        for page in range(1, pages + 1)
        for item in api.list_recordings(page=page, per_page=30)
    ]
    assert sorted(seen) == sorted(Recording.objects.values_list("id", flat=True))


def test_the_recordings_list_filters_by_status_and_project(api):
    completed = api.list_recordings(status="completed", per_page=100)
    project = Project.objects.get(name="Claims DE")
    in_project = api.list_recordings(project_id=project.id, per_page=100)

    finished = Recording.objects.filter(status_override__isnull=True, fails=False)
    assert completed.total_count == finished.count()
    assert {item.status for item in completed} == {"completed"}
    assert in_project.total_count == project.recordings.count()
    assert {item.project_id for item in in_project} == {project.id}


def test_a_recordings_list_item_carries_every_list_field(api):
    items = api.list_recordings(status="completed", per_page=100)
    item = next(item for item in items if item.external_id)

    assert unset_fields(item) == RECORDING_DETAIL_ONLY
    assert item.speakers and 0 <= item.goal_achievement <= 100
    assert uuid.UUID(item.public_id).version == 7


def test_an_upload_is_201_pending_and_its_replay_200_with_the_same_recording(
    api, tmp_path
):
    project = Project.objects.get(name="Onboarding")
    sent = []
    first = api.upload_recording(
        audio(),
        filename="welcome.mp3",
        project_id=project.id,
        language="lt",
        name="Welcome call – contract",
        external_id="crm-contract-1",
        progress=sent.append,
    )
    path = tmp_path / "welcome-again.mp3"
    path.write_bytes(b"ID3" + b"\1" * 2048)
    replay = api.upload_recording(
        path, filename=path.name, project_id=project.id, external_id="crm-contract-1"
    )

    recording = first.recording
    assert first.created is True and recording.status == "pending"
    assert (recording.project_id, recording.external_id, recording.name, recording.language) == (
        project.id,
        "crm-contract-1",
        "Welcome call – contract",
        "lt",
    )
    assert uuid.UUID(recording.public_id).version == 7
    assert unset_fields(recording) <= {"goal_achievement"}
    assert (recording.dialogues_count, recording.goals_evaluated) == (0, False)
    assert sent and sent[-1] > 4096
    assert replay.created is False
    assert (replay.recording.id, replay.recording.public_id) == (recording.id, recording.public_id)
    assert Recording.objects.filter(external_id="crm-contract-1").count() == 1


def test_a_file_sent_while_it_arrives_is_stored_with_its_late_external_id_and_replayed(api):
    # The console relays a browser's upload as it arrives: fields, the file in pieces, and the
    # content-derived external_id after the file. The sandbox reads it like any multipart body.
    project = Project.objects.get(name="Onboarding")
    content = b"ID3" + bytes(range(256)) * 4096  # just over 1 MiB
    pieces = [content[start:start + 300_000] for start in range(0, len(content), 300_000)]

    def send():
        return api.stream_recording(
            iter(pieces), size=len(content), filename="relayed.mp3", project_id=project.id,
            language="de", name="Relayed call", external_id=lambda: "console-relay-0001",
            external_id_length=len("console-relay-0001"),
        )

    first, again = send(), send()

    recording = first.recording
    assert first.created is True and again.created is False
    assert (recording.project_id, recording.external_id, recording.name, recording.language) == (
        project.id, "console-relay-0001", "Relayed call", "de")
    assert again.recording.public_id == recording.public_id
    assert Recording.objects.filter(external_id="console-relay-0001").count() == 1


def test_a_fresh_upload_carries_no_analysis_yet(api):
    project = Project.objects.get(name="Onboarding")

    recording = api.upload_recording(audio(), filename="new.mp3", project_id=project.id).recording

    assert recording.status == "pending"
    assert (recording.speakers, recording.goal_achievement) == ((), None)


def test_a_recording_is_the_same_whether_fetched_by_public_id_or_by_integer_id(api):
    row = completed_rows().first()

    by_public_id = api.get_recording(str(row.public_id))
    by_id = api.get_recording(row.id)

    assert by_public_id == by_id
    assert by_public_id.ref == str(row.public_id)
    assert unset_fields(by_public_id) == set()
    assert by_public_id.status == "completed" and by_public_id.goals_evaluated is True
    assert by_public_id.dialogues_count > 0 and by_public_id.speakers


def test_a_recording_is_renamed_and_moved_to_another_project(api):
    row = completed_rows().first()
    target = Project.objects.exclude(pk=row.project_id).get(name="Onboarding")

    renamed = api.rename_recording(str(row.public_id), "Renamed by the contract test")
    moved = api.update_recording(row.id, project_id=target.id)
    both = api.update_recording(row.id, display_name="Both at once", project_id=row.project_id)

    assert renamed.name == "Renamed by the contract test" and renamed.id == row.id
    assert (moved.project_id, moved.name) == (target.id, "Renamed by the contract test")
    assert (both.name, both.project_id) == ("Both at once", row.project_id)
    assert api.get_recording(row.id) == both


def test_deleting_a_recording_returns_none_and_it_is_gone_by_either_identifier(api):
    row = completed_rows().first()

    assert api.delete_recording(str(row.public_id)) is None

    for ref in (str(row.public_id), row.id):
        with pytest.raises(NotFoundError):
            api.get_recording(ref)


def test_a_completed_recording_has_its_transcription_results_and_summary(api):
    recording = fully_analysed(api)

    transcription = api.get_transcription(recording.ref)
    results = api.get_results(recording.ref)
    summary = api.get_summary(recording.ref)

    assert transcription.recording_id == recording.id
    assert transcription.language == recording.language
    assert len(transcription.dialogues) == recording.dialogues_count
    assert [d.position for d in transcription.dialogues] == list(
        range(1, recording.dialogues_count + 1)
    )
    # Voice profiles are null for speakers nobody enrolled.
    assert unset_fields(transcription) <= {
        "dialogues.voice_profile_id",
        "dialogues.voice_profile_name",
    }
    assert any(d.voice_profile_name for d in transcription.dialogues)
    for dialogue in transcription.dialogues:
        assert set(dialogue.emotion) == set(EMOTIONS)
        assert sum(dialogue.emotion.values()) == pytest.approx(1.0, abs=0.01)
        assert dialogue.text in transcription.full_text

    assert unset_fields(results) == set() and results.keywords_present
    assert len(results.keywords) == recording.keywords_detected
    assert len(results.pauses) == recording.pauses_detected
    assert all(0 <= goal.score <= 1 for goal in results.goals)
    dialogue_ids = {d.id for d in transcription.dialogues}
    assert {pause.after_dialogue_id for pause in results.pauses} <= dialogue_ids

    assert unset_fields(summary) == set() and summary.summary
    assert (summary.recording_id, summary.duration_ms) == (recording.id, recording.duration_ms)
    assert summary.speakers == recording.speakers
    assert summary.goal_achievement == recording.goal_achievement
    assert api.get_summary(recording.id) == summary


def test_transcription_results_and_summary_answer_422_until_processing_completes(
    api, settings
):
    settings.SANDBOX_PROCESSING_SECONDS = 3600
    project = Project.objects.get(name="Onboarding")
    recording = api.upload_recording(
        audio(), filename="fresh.wav", project_id=project.id
    ).recording

    for read in (api.get_transcription, api.get_results, api.get_summary):
        with pytest.raises(ValidationError) as caught:
            read(recording.ref)
        assert (caught.value.status, caught.value.message) == (422, "Transcription not available")
    assert api.get_recording(recording.ref).status == "pending"


# Projects ------------------------------------------------------------------------------------


def test_projects_are_listed_by_name_in_short_form(api, keys, connect, list_paging):
    projects = api.list_projects()
    scoped = connect(keys["project_scoped"]).list_projects()

    names = [project.name for project in projects]
    assert names == sorted(names) and len(projects) == Project.objects.count()
    assert projects.complete and projects.total_count == len(projects)
    assert all(unset_fields(project) - {"industry"} == PROJECT_FULL_ONLY for project in projects)
    assert unset_fields(projects[1]) == PROJECT_FULL_ONLY  # Claims DE has an industry
    assert [project.name for project in scoped] == ["Customer Support EN"]


def test_a_project_is_created_read_updated_and_deleted(api):
    created = api.create_project(
        name="Contract QA",
        language="de",
        description="Made by the contract tests",
        industry="insurance",
        long_pause_threshold_seconds=7,
        transcription_hints="IdentityCall, KYC",
        retention_days=30,
        quality_baseline_enabled=True,
        quality_baseline_pct=70,
    )

    assert unset_fields(created) == set()
    assert (created.goal_language, created.summary_language) == ("de", "de")
    assert (created.recordings_count, created.virtual_numbers_count) == (0, 0)
    assert api.get_project(created.id) == created
    updated = api.update_project(
        created.id, retention_days=730, quality_baseline_pct=80, description=None
    )
    assert (updated.retention_days, updated.quality_baseline_pct) == (730, 80.0)
    assert updated.description is None and updated.name == "Contract QA"
    assert api.delete_project(created.id) is None
    with pytest.raises(NotFoundError):
        api.get_project(created.id)


def test_deleting_a_project_takes_its_recordings_and_numbers_with_it(api):
    project = Project.objects.get(name="Claims DE")
    recording_id = project.recordings.first().id
    number_id = project.virtual_numbers.first().id

    full = api.get_project(project.id)
    api.delete_project(project.id)

    assert full.recordings_count == 20 and full.virtual_numbers_count == 1
    with pytest.raises(NotFoundError):
        api.get_recording(recording_id)
    with pytest.raises(NotFoundError):
        api.get_virtual_number(number_id)


# Virtual numbers -----------------------------------------------------------------------------


def test_numbers_are_listed_in_short_form_with_at_most_three_operators(api, list_paging):
    numbers = api.list_virtual_numbers()
    busiest = next(number for number in numbers if number.name == "US Support Line")

    assert len(numbers) == VirtualNumber.objects.count() and numbers.complete
    assert len({number.id for number in numbers}) == len(numbers)
    assert (len(busiest.operators), busiest.operators_count) == (3, 4)
    assert unset_fields(busiest) == NUMBER_SHORT_UNSET
    assert all(unset_fields(number) - {"name", "project_id"} <= NUMBER_SHORT_UNSET for number in numbers)


def test_a_number_is_found_in_the_inventory_and_bought(api, list_paging):
    default_search = api.search_available_numbers()
    offers = api.search_available_numbers(country="GB", number_type="local")
    offer = offers[0]
    in_stock = AvailableNumber.objects.filter(country_code="GB", number_type="local").count()
    assert len(offers) == in_stock and offers.complete

    bought = api.purchase_number(
        offer.phone_number,
        country_code="GB",
        number_type="local",
        name="London line",
        upfront_cost=offer.upfront_cost,
        monthly_cost=offer.monthly_cost,
    )

    assert {(o.country_code, o.number_type) for o in default_search} == {("US", "mobile")}
    assert {(o.country_code, o.number_type) for o in offers} == {("GB", "local")}
    assert unset_fields(offer) == set() and offer.features and offer.region_information
    assert (bought.phone_number, bought.name, bought.country_code) == (
        offer.phone_number,
        "London line",
        "GB",
    )
    assert (bought.active, bought.ai_receptionist_enabled) == (True, False)
    assert (bought.operators, bought.operators_count) == ((), 0)
    # An account-wide key buys a number without a project.
    assert unset_fields(bought) == {"recording", "routing_strategy", "stats", "project_id"}
    assert api.get_virtual_number(bought.id).recording is True
    assert bought.id in ids(api.list_virtual_numbers())
    remaining = api.search_available_numbers(country="GB", number_type="local")
    assert offer.phone_number not in [o.phone_number for o in remaining]


def test_a_number_is_read_and_updated_in_detail_form(api):
    number_id = VirtualNumber.objects.get(name="US Support Line").id

    detail = api.get_virtual_number(number_id)
    updated = api.update_virtual_number(
        number_id, name="Support (renamed)", routing_strategy="simultaneous", active=False,
        recording=False,
    )

    # Available operators are not on the routing list, so they have no priority; a missed call
    # has no transcript summary.
    assert unset_fields(detail) <= {
        "available_operators.priority",
        "recent_calls.transcript_summary",
    }
    assert any(call.transcript_summary for call in detail.recent_calls)
    assert [operator.priority for operator in detail.operators] == [0, 1, 2, 3]
    assert detail.operators_count == 4
    assert not set(ids(detail.operators)) & set(ids(detail.available_operators))
    assert len(detail.recent_calls) == 10
    times = [call.created_at for call in detail.recent_calls]
    assert times == sorted(times, reverse=True)
    stats = detail.stats
    assert stats.total_calls == stats.answered_calls + stats.missed_calls > 10
    assert (updated.name, updated.routing_strategy, updated.active, updated.recording) == (
        "Support (renamed)",
        "simultaneous",
        False,
        False,
    )
    assert updated.operators == detail.operators
    assert api.get_virtual_number(number_id) == updated


def test_operators_are_attached_by_id_or_by_phone_and_priorities_stay_dense(api):
    number_id = VirtualNumber.objects.get(name="US Toll-free Support").id
    zoe = Operator.objects.get(name="Zoë O'Brien")
    greta = Operator.objects.get(name="Greta Hall")  # linked to no project

    by_id = api.add_operator(number_id, operator_id=greta.id)
    again = api.add_operator(number_id, operator_id=greta.id)
    by_phone = api.add_operator(number_id, phone_number="(646) 555-0142", name="Nadia Contract")
    unnamed = api.add_operator(number_id, phone_number="+16465550143")
    removed = api.remove_operator(number_id, zoe.id)

    assert ids(by_id.operators) == [zoe.id, greta.id]
    assert greta.id not in ids(by_id.available_operators)
    assert again.operators == by_id.operators
    newcomer = by_phone.operators[-1]
    assert (newcomer.name, newcomer.phone_number, newcomer.initials, newcomer.priority) == (
        "Nadia Contract",
        "+16465550142",
        "NC",
        2,
    )
    assert (unnamed.operators[-1].name, unnamed.operators[-1].priority) == ("Operator", 3)
    assert [operator.priority for operator in removed.operators] == [0, 1, 2]
    assert ids(removed.operators) == [greta.id, newcomer.id, unnamed.operators[-1].id]
    assert zoe.id in ids(removed.available_operators)
    assert api.get_operator(zoe.id).name == "Zoë O'Brien"  # only the routing link went
    assert api.get_virtual_number(number_id) == removed


# Operators -----------------------------------------------------------------------------------


def test_operators_are_listed_by_name_with_their_number_counts(api, keys, connect, list_paging):
    operators = api.list_operators()
    scoped = connect(keys["project_scoped"]).list_operators()

    names = [operator.name for operator in operators]
    assert names == sorted(names, key=str.lower) and len(operators) == Operator.objects.count()
    assert operators.complete
    for operator in operators:
        # Tomás Álvarez has no email.
        assert unset_fields(operator) <= {"email"}
        links = NumberOperator.objects.filter(operator_id=operator.id).count()
        assert operator.virtual_numbers_count == links
    project = Project.objects.get(name="Customer Support EN")
    assert ids(scoped) == ids(sorted(project.operators.all(), key=lambda o: o.name.lower()))



LISTS = {
    "list_projects": ("/projects", Project.objects.count),
    "list_operators": ("/operators", Operator.objects.count),
    "list_virtual_numbers": ("/virtual_numbers", VirtualNumber.objects.count),
}


@pytest.mark.parametrize("method", LISTS)
def test_a_long_list_is_read_in_as_few_calls_as_its_pages(api, list_paging, caplog, method):
    path, count = LISTS[method]
    caplog.set_level("INFO", logger="identitycall")

    listed = getattr(api, method)()

    calls = [r for r in caplog.records if r.name == "identitycall" and r.path == path]
    pages = math.ceil(count() / 20) if list_paging else 1
    assert len(listed) == count() and listed.complete
    assert (len(calls), pages) == (pages, 2 if list_paging else 1)

def test_an_operator_is_read_in_detail_form_with_its_numbers(api):
    aldona = Operator.objects.get(name="Aldona Petrauskaitė")

    detail = api.get_operator(aldona.id)

    assert unset_fields(detail) == set()
    assert detail.initials == "AP"
    assert ids(detail.virtual_numbers) == sorted(
        NumberOperator.objects.filter(operator=aldona).values_list("number_id", flat=True)
    )
    assert detail.virtual_numbers_count == len(detail.virtual_numbers)


def test_an_operator_is_created_updated_and_deleted(api):
    created = api.create_operator(
        name="Jane Doe", phone_number="(415) 555-0177", email="jane.doe@example.com"
    )

    assert (created.phone_number, created.initials, created.active) == ("+14155550177", "JD", True)
    assert (created.virtual_numbers, created.virtual_numbers_count) == ((), 0)
    assert unset_fields(created) == set()
    assert api.get_operator(created.id) == created
    updated = api.update_operator(created.id, name="Jane Q Public", email=None, active=False)
    assert (updated.name, updated.initials, updated.email, updated.active) == (
        "Jane Q Public",
        "JP",
        None,
        False,
    )
    assert api.delete_operator(created.id) is None
    with pytest.raises(NotFoundError):
        api.get_operator(created.id)


def test_deleting_an_operator_takes_it_off_every_routing_list_and_priorities_stay_dense(api):
    zoe = Operator.objects.get(name="Zoë O'Brien")
    number_id = VirtualNumber.objects.get(name="US Support Line").id
    before = api.get_virtual_number(number_id)

    api.delete_operator(zoe.id)
    after = api.get_virtual_number(number_id)

    assert zoe.id in ids(before.operators)
    assert ids(after.operators) == [op.id for op in before.operators if op.id != zoe.id]
    assert [operator.priority for operator in after.operators] == [0, 1, 2]


# Coverage ------------------------------------------------------------------------------------

# Each public client method and the test above that calls it over HTTP.
COVERED = {
    "list_recordings": test_recordings_are_listed_page_by_page_with_meta,
    "upload_recording": test_an_upload_is_201_pending_and_its_replay_200_with_the_same_recording,
    "stream_recording": (
        test_a_file_sent_while_it_arrives_is_stored_with_its_late_external_id_and_replayed
    ),
    "get_recording": test_a_recording_is_the_same_whether_fetched_by_public_id_or_by_integer_id,
    "rename_recording": test_a_recording_is_renamed_and_moved_to_another_project,
    "update_recording": test_a_recording_is_renamed_and_moved_to_another_project,
    "delete_recording": test_deleting_a_recording_returns_none_and_it_is_gone_by_either_identifier,
    "get_transcription": test_a_completed_recording_has_its_transcription_results_and_summary,
    "get_results": test_a_completed_recording_has_its_transcription_results_and_summary,
    "get_summary": test_a_completed_recording_has_its_transcription_results_and_summary,
    "list_projects": test_projects_are_listed_by_name_in_short_form,
    "create_project": test_a_project_is_created_read_updated_and_deleted,
    "get_project": test_a_project_is_created_read_updated_and_deleted,
    "update_project": test_a_project_is_created_read_updated_and_deleted,
    "delete_project": test_a_project_is_created_read_updated_and_deleted,
    "list_virtual_numbers": test_numbers_are_listed_in_short_form_with_at_most_three_operators,
    "search_available_numbers": test_a_number_is_found_in_the_inventory_and_bought,
    "purchase_number": test_a_number_is_found_in_the_inventory_and_bought,
    "get_virtual_number": test_a_number_is_read_and_updated_in_detail_form,
    "update_virtual_number": test_a_number_is_read_and_updated_in_detail_form,
    "add_operator": test_operators_are_attached_by_id_or_by_phone_and_priorities_stay_dense,
    "remove_operator": test_operators_are_attached_by_id_or_by_phone_and_priorities_stay_dense,
    "list_operators": test_operators_are_listed_by_name_with_their_number_counts,
    "create_operator": test_an_operator_is_created_updated_and_deleted,
    "get_operator": test_an_operator_is_read_in_detail_form_with_its_numbers,
    "update_operator": test_an_operator_is_created_updated_and_deleted,
    "delete_operator": test_an_operator_is_created_updated_and_deleted,
}


def test_every_public_client_operation_is_exercised_here():
    public = {
        name
        for name, member in inspect.getmembers(IdentityCallClient, inspect.isfunction)
        if not name.startswith("_")
    }

    assert public == set(COVERED)
    for name, test in COVERED.items():
        assert f"api.{name}(" in inspect.getsource(test), f"{test.__name__} skips {name}"
