"""The client tests' `responses` payloads, the sandbox's real JSON and the API document agree.

The payload builders in tests/identitycall/conftest.py fake IdentityCall for the client's unit
tests. Each is compared, key by key (nested objects, and the first item of arrays), with what the
sandbox sends over HTTP for the same resource, and both must carry every field the API document
lists for it, so none of the three can drift without a test saying so.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from apps.sandbox.models import Operator, Project, Recording, VirtualNumber
from tests.contract.contract_support import SANDBOX_APPS, documented_gaps, shape_differences
from tests.identitycall import conftest as fixtures

# For the tests that reach the sandbox through the live server.
live = pytest.mark.django_db(transaction=True, available_apps=SANDBOX_APPS)

# The documentation's view: the fields the API reference pages list for each resource. ----------
# Key → None for a plain value, {…} for an object, [{…}] for an array's items, [] for an array
# whose items are not described there. Fields the document marks as inferred or new-era are
# included where docs/api-decisions.md or the sandbox settled them, and say so.

NEW_ERA_RECORDING = {
    # The list and get pages: "presumably" carried by new-era recordings (inferred; the
    # sandbox sends them).
    "public_id": None,
    "project_id": None,
    "external_id": None,
}
RECORDING_LIST_ITEM = {
    "id": None,
    "name": None,
    "status": None,
    "duration_ms": None,
    "created_at": None,
    "speakers": None,
    "goal_achievement": None,
    **NEW_ERA_RECORDING,
}
RECORDING_DETAIL = {
    "id": None,
    "name": None,
    "status": None,
    "language": None,
    "duration_ms": None,
    "created_at": None,
    "updated_at": None,
    "dialogues_count": None,
    "goals_evaluated": None,
    "keywords_detected": None,
    "pauses_detected": None,
    "audio_attached": None,
    **NEW_ERA_RECORDING,
}
RECORDING_CREATED = {  # the old 201 body plus the new docs' public_id
    "id": None,
    "public_id": None,
    "status": None,
    "created_at": None,
}
EMOTION = dict.fromkeys(
    ("happy", "neutral", "calm", "sad", "angry", "fearful", "surprised", "disgust")
)
TRANSCRIPTION = {
    "recording_id": None,
    "language": None,
    "full_text": None,
    "dialogues": [
        {
            "id": None,
            "position": None,
            "speaker": None,
            "voice_profile_id": None,
            "voice_profile_name": None,
            "text": None,
            "start_ms": None,
            "end_ms": None,
            "emotion": EMOTION,
        }
    ],
}
RESULTS = {  # `keywords` is old-docs only, kept (docs/api-decisions.md, "Unknown or missing fields")
    "recording_id": None,
    "goals": [dict.fromkeys(("goal_id", "goal_name", "met", "score", "explanation"))],
    "keywords": [
        {
            "keyword_id": None,
            "keyword_name": None,
            "sentiment": None,
            "count": None,
            "timestamps_ms": None,
        }
    ],
    "pauses": [
        {
            "start_ms": None,
            "end_ms": None,
            "duration_ms": None,
            "compliant": None,
            "after_dialogue_id": None,
        }
    ],
}
SUMMARY = {
    "recording_id": None,
    "summary": None,
    "duration_ms": None,
    "speakers": None,
    "goal_achievement": None,
}
PROJECT_SHORT = dict.fromkeys(  # the projects table, short form
    ("id", "name", "language", "industry", "created_at", "updated_at")
)
PROJECT_FULL = PROJECT_SHORT | dict.fromkeys(  # the projects table, full form
    (
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
    )
)
# The overview's create example is the short form plus the two counts, or the full form
# (docs/api-decisions.md, "Project create response").
PROJECT_CREATED = PROJECT_SHORT | {"recordings_count": None, "virtual_numbers_count": None}
NUMBER_BASE = dict.fromkeys(  # the number representations, shared by both forms
    ("id", "phone_number", "name", "country_code", "active", "ai_receptionist_enabled")
)
NUMBER_SHORT = NUMBER_BASE | {
    "operators": [{"id": None, "name": None, "initials": None}],
    "operators_count": None,
}
NUMBER_PURCHASED = NUMBER_BASE | {"operators": [], "operators_count": None}  # no operators
NUMBER_DETAIL = NUMBER_BASE | {
    "recording": None,
    "routing_strategy": None,
    "stats": dict.fromkeys(
        ("total_calls", "answered_calls", "missed_calls", "average_duration_seconds")
    ),
    "operators": [dict.fromkeys(("id", "name", "phone_number", "initials", "priority"))],
    "available_operators": [dict.fromkeys(("id", "name", "phone_number", "initials"))],
    "recent_calls": [
        dict.fromkeys(
            (
                "id",
                "phone_number",
                "caller_name",
                "call_status",
                "call_duration",
                "direction",
                "ai_handled",
                "transcript_summary",
                "created_at",
            )
        )
    ],
}
AVAILABLE_NUMBER = dict.fromkeys(  # "typical" provider fields
    ("phone_number", "country_code", "number_type", "upfront_cost", "monthly_cost", "features")
) | {"region_information": [{"region_type": None, "region_name": None}]}
OPERATOR_BASE = dict.fromkeys(("id", "name", "phone_number", "email", "active", "initials"))
OPERATOR_LIST_ITEM = OPERATOR_BASE | {"virtual_numbers_count": None}  # list form
OPERATOR_DETAIL = OPERATOR_BASE | {  # detail form
    "virtual_numbers": [{"id": None, "phone_number": None, "name": None, "active": None}]
}
# The operator create page: the 201 body is cut; "probably the detail form with an empty
# virtual_numbers".
OPERATOR_CREATED = OPERATOR_BASE | {"virtual_numbers": []}

# Fields only the detail form carries (the list page against the get page).
RECORDING_DETAIL_ONLY = {
    "dialogues_count",
    "goals_evaluated",
    "keywords_detected",
    "pauses_detected",
    "audio_attached",
}
# IdentityCall docs gap: the sandbox adds `project_id` to both number forms; the number builders
# lack it (see test_the_number_fixtures_carry_the_project_id_the_sandbox_sends).
NUMBER_DRIFT = {"project_id"}


# How to get the sandbox's JSON for each resource. ----------------------------------------------


def data(response, status=200):
    assert response.status_code == status, response.text
    return response.json()["data"]


def analysed_recording(fetch, key):
    """Return the detail of a completed demo recording with goals, keywords and pauses."""
    rows = Recording.objects.filter(status_override__isnull=True, fails=False)
    for row in rows.exclude(external_id=None).order_by("id"):
        detail = data(fetch("GET", f"/recordings/{row.public_id}", key))
        if detail["keywords_detected"] and detail["pauses_detected"]:
            return detail
    raise AssertionError("no completed demo recording has keywords and pauses")


def recording_created(fetch, key):
    fields = {"project_id": (None, str(Project.objects.first().id)), "external_id": (None, "c-1")}
    files = {"file": ("call.mp3", b"ID3" + b"\0" * 4096, "audio/mpeg")}
    return data(fetch("POST", "/recordings", key, files=fields | files), status=201)


def recording_part(part):
    def get(fetch, key):
        recording_id = analysed_recording(fetch, key)["id"]
        return data(fetch("GET", f"/recordings/{recording_id}/{part}", key))

    return get


def first_project(fetch, key):
    return data(fetch("GET", "/projects", key))[0]


def project_detail(fetch, key):
    return data(fetch("GET", f"/projects/{Project.objects.get(name='Claims DE').id}", key))


def project_created(fetch, key):
    body = {"name": "Contract fixtures", "language": "en"}
    return data(fetch("POST", "/projects", key, json=body), status=201)


def busiest_number():
    """Return the demo number with four operators, many calls and operators left to attach."""
    return VirtualNumber.objects.get(name="US Support Line")


def number_list_item(fetch, key):
    items = data(fetch("GET", "/virtual_numbers", key))
    return next(item for item in items if item["id"] == busiest_number().id)


def number_purchased(fetch, key):
    offer = data(fetch("GET", "/virtual_numbers/available", key))[0]
    body = {"phone_number": offer["phone_number"], "name": "Contract line"}
    return data(fetch("POST", "/virtual_numbers/purchase", key, json=body), status=201)


def number_detail(fetch, key):
    return data(fetch("GET", f"/virtual_numbers/{busiest_number().id}", key))


def number_updated(fetch, key):
    path = f"/virtual_numbers/{busiest_number().id}"
    return data(fetch("PATCH", path, key, json={"routing_strategy": "round_robin"}))


def number_after_add_operator(fetch, key):
    path = f"/virtual_numbers/{busiest_number().id}/add_operator"
    greta = Operator.objects.get(name="Greta Hall")
    return data(fetch("POST", path, key, json={"operator_id": greta.id}))


def number_after_remove_operator(fetch, key):
    number = busiest_number()
    operator_id = number.links.first().operator_id
    path = f"/virtual_numbers/{number.id}/remove_operator"
    return data(fetch("DELETE", path, key, params={"operator_id": operator_id}))


def available_number(fetch, key):
    return data(fetch("GET", "/virtual_numbers/available", key, params={"country": "GB"}))[0]


def operator_list_item(fetch, key):
    return data(fetch("GET", "/operators", key))[0]


def aldona():
    return Operator.objects.get(name="Aldona Petrauskaitė")  # on two numbers, with an email


def operator_detail(fetch, key):
    return data(fetch("GET", f"/operators/{aldona().id}", key))


def operator_updated(fetch, key):
    return data(fetch("PATCH", f"/operators/{aldona().id}", key, json={"active": False}))


def operator_created(fetch, key):
    body = {"name": "Jane Doe", "phone_number": "+14155550177", "email": "jane@example.com"}
    return data(fetch("POST", "/operators", key, json=body), status=201)


@dataclass(frozen=True)
class Case:
    """One resource: its `responses` builder, the document's fields, and the sandbox's JSON."""

    builder: Callable[[], Any]
    documented: dict
    sandbox: Callable[..., Any]
    ignore: frozenset = frozenset()


CASES = {
    "recording detail": Case(fixtures.recording_json, RECORDING_DETAIL, analysed_recording),
    "recording upload (201)": Case(fixtures.recording_json, RECORDING_CREATED, recording_created),
    "transcription": Case(
        fixtures.transcription_json, TRANSCRIPTION, recording_part("transcription")
    ),
    "results": Case(fixtures.results_json, RESULTS, recording_part("results")),
    "summary": Case(fixtures.summary_json, SUMMARY, recording_part("summary")),
    "project list item": Case(fixtures.project_json, PROJECT_SHORT, first_project),
    "project detail": Case(fixtures.project_full_json, PROJECT_FULL, project_detail),
    # IdentityCall docs conflict: create may answer the short form plus counts (what the
    # client tests fake) or the full form (what the sandbox sends); the full builder is compared.
    "project create (201)": Case(fixtures.project_full_json, PROJECT_CREATED, project_created),
    "number list item": Case(fixtures.number_json, NUMBER_SHORT, number_list_item, NUMBER_DRIFT),
    "number purchase (201)": Case(
        fixtures.number_json, NUMBER_PURCHASED, number_purchased, NUMBER_DRIFT
    ),
    "number detail": Case(fixtures.number_detail_json, NUMBER_DETAIL, number_detail, NUMBER_DRIFT),
    "number update": Case(fixtures.number_detail_json, NUMBER_DETAIL, number_updated, NUMBER_DRIFT),
    "number add_operator": Case(
        fixtures.number_detail_json, NUMBER_DETAIL, number_after_add_operator, NUMBER_DRIFT
    ),
    "number remove_operator": Case(
        fixtures.number_detail_json, NUMBER_DETAIL, number_after_remove_operator, NUMBER_DRIFT
    ),
    "available number": Case(fixtures.available_number_json, AVAILABLE_NUMBER, available_number),
    "operator list item": Case(fixtures.operator_json, OPERATOR_LIST_ITEM, operator_list_item),
    "operator detail": Case(fixtures.operator_detail_json, OPERATOR_DETAIL, operator_detail),
    "operator update": Case(fixtures.operator_detail_json, OPERATOR_DETAIL, operator_updated),
    "operator create (201)": Case(
        fixtures.operator_detail_json, OPERATOR_CREATED, operator_created
    ),
}
# Builders used only inside others (a transcription's dialogues and their emotions).
NESTED_BUILDERS = {"dialogue_json", "emotion_json"}


def without(payload, keys):
    return {key: value for key, value in payload.items() if key not in keys}


# Tests -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_the_fixture_carries_every_documented_field(name):
    case = CASES[name]

    assert documented_gaps(case.builder(), case.documented) == []


@live
@pytest.mark.parametrize("name", CASES)
def test_the_sandbox_sends_the_fixture_keys_and_every_documented_field(name, keys, fetch):
    case = CASES[name]

    payload = case.sandbox(fetch, keys["full"])

    assert documented_gaps(payload, case.documented) == []
    fixture = without(case.builder(), case.ignore)
    assert shape_differences(fixture, without(payload, case.ignore)) == []


@live
def test_a_recordings_list_item_is_the_detail_fixture_without_its_counts(keys, fetch):
    # The client tests fake list items with the detail builder; the real list form is narrower.
    items = data(fetch("GET", "/recordings", keys["full"], params={"status": "completed"}))
    item = next(item for item in items if item["external_id"])

    assert documented_gaps(item, RECORDING_LIST_ITEM) == []
    assert shape_differences(without(fixtures.recording_json(), RECORDING_DETAIL_ONLY), item) == []


@live
def test_the_number_fixtures_carry_the_project_id_the_sandbox_sends(keys, fetch):
    short = number_list_item(fetch, keys["full"])
    detail = number_detail(fetch, keys["full"])

    assert shape_differences(fixtures.number_json(), short) == []
    assert shape_differences(fixtures.number_detail_json(), detail) == []


# The four lists the per-endpoint docs leave unpaginated (path, query).
SHORT_LISTS = {
    "projects": ("/projects", {}),
    "operators": ("/operators", {}),
    "virtual numbers": ("/virtual_numbers", {}),
    "available numbers": ("/virtual_numbers/available", {"country": "GB", "number_type": "local"}),
}
PAGE_META = {"current_page", "total_pages", "total_count", "per_page"}  # the API overview


@live
@pytest.mark.parametrize("name", SHORT_LISTS)
def test_a_short_list_carries_meta_exactly_when_the_sandbox_pages_it(name, keys, fetch,
                                                                    list_paging):
    path, query = SHORT_LISTS[name]

    body = fetch("GET", path, keys["full"], params=query).json()

    if list_paging:
        assert set(body) == {"data", "meta"} and set(body["meta"]) == PAGE_META
        assert (len(body["data"]), body["meta"]["current_page"], body["meta"]["per_page"]) == (
            20, 1, 20)
        assert body["meta"]["total_pages"] == 2
    else:
        assert set(body) == {"data"}  # one array, as the per-endpoint pages show

def test_every_payload_builder_is_compared_with_the_sandbox():
    builders = {name for name in vars(fixtures) if name.endswith("_json")}

    compared = {case.builder.__name__ for case in CASES.values()}
    assert builders == compared | NESTED_BUILDERS
