"""Demo data and keys: idempotent, fast, complete; the management commands."""

import io
import json
import re
import time
from collections import Counter

import pytest
from django.core.management import call_command

from apps.sandbox import generate
from apps.sandbox.models import (
    ApiKey,
    AvailableNumber,
    Call,
    Operator,
    Project,
    Recording,
    VirtualNumber,
)
from apps.sandbox.seed import BENCHMARK_RECORDING, ensure_keys, seed_demo
from tests.sandbox.builders import Api

pytestmark = pytest.mark.django_db

KEY = re.compile(r"^idc_[A-Za-z0-9]{32}$")


def _counts():
    return [
        model.objects.count()
        for model in (Project, Recording, Operator, VirtualNumber, Call, AvailableNumber)
    ]


def test_seeding_is_fast_and_idempotent():
    started = time.perf_counter()
    keys = seed_demo()
    assert time.perf_counter() - started < 2
    before = _counts()
    assert seed_demo() == keys
    assert _counts() == before
    assert set(keys) == {"full", "read_only", "project_scoped"}
    assert all(KEY.match(value) for value in keys.values())


def test_reset_reseeds_but_keeps_the_named_keys(api):
    keys = seed_demo()
    Project.objects.create(name="Scratch", language="en")
    assert seed_demo(reset=True) == keys
    assert not Project.objects.filter(name="Scratch").exists()
    assert not ApiKey.objects.filter(label="full-test").exists()  # test keys go with the reset
    assert Api(api.client, keys["project_scoped"]).get("/projects").status_code == 200


def test_the_demo_account_has_something_of_everything():
    seed_demo()
    assert Project.objects.count() >= 4
    assert {"Customer Support EN", "Sales LT", "Claims DE", "Onboarding"} <= set(
        Project.objects.values_list("name", flat=True)
    )
    recordings = list(Recording.objects.all())
    assert 90 <= len(recordings) <= 110
    statuses = Counter(recording.status() for recording in recordings)
    assert set(statuses) == {"pending", "processing", "completed", "failed"}
    assert statuses["completed"] > len(recordings) / 2
    names = set(Operator.objects.values_list("name", flat=True))
    assert {"Aldona Petrauskaitė", "Jürgen Groß", "Zoë O'Brien"} <= names
    operator_counts = {number.links.count() for number in VirtualNumber.objects.all()}
    assert 0 in operator_counts and max(operator_counts) >= 3
    for number in VirtualNumber.objects.all():
        assert number.calls.count() >= 10
        assert {"answered", "missed"} <= set(number.calls.values_list("call_status", flat=True))
    kinds = set(AvailableNumber.objects.values_list("country_code", "number_type"))
    for country in ("US", "GB", "LT", "DE"):
        for number_type in ("mobile", "local", "toll-free", "national"):
            assert (country, number_type) in kinds
    states = {
        region["region_name"]
        for entry in AvailableNumber.objects.filter(country_code="US")
        for region in entry.region_information
        if region["region_type"] == "state"
    }
    assert {"CA", "NY", "TX"} <= states
    assert all(
        re.fullmatch(r"\d+\.\d\d", entry.upfront_cost) for entry in AvailableNumber.objects.all()
    )


def test_the_benchmark_recording_is_completed_with_a_long_transcript():
    seed_demo()
    recording = Recording.objects.get(name=BENCHMARK_RECORDING)
    assert recording.status() == "completed"
    assert 1400 <= generate.dialogue_count(recording.duration_ms) <= 1600


def test_the_seed_is_deterministic():
    seed_demo()
    first = list(Recording.objects.order_by("id").values_list("name", "seed", "duration_ms"))
    seed_demo(reset=True)
    assert (
        list(Recording.objects.order_by("id").values_list("name", "seed", "duration_ms")) == first
    )


def test_named_keys_have_the_documented_powers():
    keys = seed_demo()
    full, reader, scoped = (
        ApiKey.objects.get(key=keys[name]) for name in ("full", "read_only", "project_scoped")
    )
    assert (full.can_read, full.can_write, full.can_delete, full.project) == (
        True,
        True,
        True,
        None,
    )
    assert (reader.can_read, reader.can_write, reader.can_delete) == (True, False, False)
    assert scoped.project.name == "Customer Support EN"
    assert (scoped.can_read, scoped.can_write, scoped.can_delete) == (True, True, True)


def test_sandbox_keys_prints_the_three_keys_as_json():
    out = io.StringIO()
    call_command("sandbox_keys", stdout=out)
    keys = json.loads(out.getvalue())
    assert set(keys) == {"full", "read_only", "project_scoped"}
    assert all(KEY.match(value) for value in keys.values())
    assert keys == ensure_keys()


def test_sandbox_seed_command_seeds_and_resets():
    call_command("sandbox_seed", stdout=io.StringIO(), stderr=io.StringIO())
    count = Recording.objects.count()
    Recording.objects.all().delete()
    call_command("sandbox_seed", stdout=io.StringIO(), stderr=io.StringIO())
    assert Recording.objects.count() == 0  # data exists (projects), nothing reseeded
    call_command("sandbox_seed", "--reset", stdout=io.StringIO(), stderr=io.StringIO())
    assert Recording.objects.count() == count


def test_control_keys_endpoint_returns_the_demo_keys(client):
    keys = client.get("/sandbox/control/keys").json()["data"]
    assert keys == ensure_keys()
