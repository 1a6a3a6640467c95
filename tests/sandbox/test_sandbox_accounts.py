"""Accounts: a key sees, finds and changes only its own account's projects, recordings (and their
analysis), operators, virtual numbers and calls. Another account's id answers 404, as an id that
does not exist would, and nothing of the other account changes."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.sandbox.models import (
    Account,
    ApiKey,
    Call,
    NumberOperator,
    Operator,
    Project,
    Recording,
    VirtualNumber,
    demo_account,
)
from apps.sandbox.seed import NAMED_KEYS, OTHER_KEY, create_key, seed_demo
from tests.sandbox.builders import (
    Api,
    make_available,
    make_number,
    make_operator,
    make_project,
    make_recording,
)

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": "Resource not found"}


class World:
    """Two accounts with one of everything each; `a` and `b` are full keys of each account."""

    def __init__(self, client):
        self.globex = Account.objects.create(slug="globex-test", name="Globex")
        self.project_a = make_project("Support")
        self.recording_a = make_recording(self.project_a, name="Refund call", seed=11)
        self.operator_a = make_operator("Ann Able", "+14155550101", projects=[self.project_a])
        self.number_a = make_number("+14155550100", self.project_a, [self.operator_a])
        self.project_b = make_project("Support", account=self.globex)  # the same name is fine
        self.recording_b = make_recording(self.project_b, name="Turbine call", seed=22)
        self.operator_b = make_operator(
            "Bob Baker", "+16175550160", projects=[self.project_b], account=self.globex
        )
        self.number_b = make_number(
            "+16175550142", self.project_b, [self.operator_b], account=self.globex
        )
        now = timezone.now()
        for number, count in ((self.number_a, 5), (self.number_b, 2)):
            Call.objects.bulk_create(
                Call(number=number, phone_number="+12125550100", call_status="answered",
                     call_duration=60, direction="inbound", created_at=now - timedelta(hours=n))
                for n in range(count)
            )
        self.a = Api(client, create_key(label="a"))
        self.b = Api(client, create_key(account=self.globex, label="b"))
        self.b_scoped = Api(client, create_key(project=self.project_b, label="b-scoped"))

    def snapshot(self):
        """Return what the demo account holds, to prove a refused request changed nothing."""
        return {
            "projects": list(Project.objects.filter(account_id=demo_account()).values()),
            "recordings": list(Recording.objects.filter(project=self.project_a).values()),
            "operators": list(Operator.objects.filter(account_id=demo_account()).values()),
            "numbers": list(VirtualNumber.objects.filter(account_id=demo_account()).values()),
            "routing": list(NumberOperator.objects.filter(number=self.number_a).values()),
        }


@pytest.fixture
def world(client):
    return World(client)


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["data"]}


# Lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("paginated", [False, True])
def test_every_list_holds_only_the_keys_account(world, settings, paginated):
    settings.SANDBOX_PAGINATE_LISTS = paginated
    w = world
    for api, mine in (
        (w.a, (w.project_a, w.recording_a, w.operator_a, w.number_a)),
        (w.b, (w.project_b, w.recording_b, w.operator_b, w.number_b)),
        (w.b_scoped, (w.project_b, w.recording_b, w.operator_b, w.number_b)),
    ):
        project, recording, operator, number = mine
        assert _ids(api.get("/projects")) == {project.id}
        assert _ids(api.get("/operators")) == {operator.id}
        assert _ids(api.get("/virtual_numbers")) == {number.id}
        recordings = api.get("/recordings")
        assert _ids(recordings) == {recording.id}
        assert recordings.json()["meta"]["total_count"] == 1


def test_filtering_recordings_by_another_accounts_project_finds_nothing(world):
    response = world.b.get("/recordings", {"project_id": world.project_a.id})
    assert _ids(response) == set()
    assert response.json()["meta"]["total_count"] == 0


def test_the_operators_count_of_numbers_and_a_numbers_calls_stay_in_the_account(world):
    w = world
    (operator,) = w.b.get("/operators").json()["data"]
    assert operator["virtual_numbers_count"] == 1
    detail = w.b.get(f"/virtual_numbers/{w.number_b.id}").json()["data"]
    assert detail["stats"]["total_calls"] == 2 and len(detail["recent_calls"]) == 2
    # Ann is an operator of the other account: never offered for attaching.
    assert detail["available_operators"] == []
    assert [n["id"] for n in w.b.get(f"/operators/{w.operator_b.id}").json()["data"][
        "virtual_numbers"]] == [w.number_b.id]


# Reads of the other account's ids --------------------------------------------------------------

READS = [
    "/projects/{project}",
    "/recordings/{recording}",
    "/recordings/{public_id}",
    "/recordings/{recording}/transcription",
    "/recordings/{recording}/results",
    "/recordings/{recording}/summary",
    "/recordings/{public_id}/summary",
    "/operators/{operator}",
    "/virtual_numbers/{number}",
]


def _path(template, world, side):
    return template.format(
        project=getattr(world, f"project_{side}").id,
        recording=getattr(world, f"recording_{side}").id,
        public_id=getattr(world, f"recording_{side}").public_id,
        operator=getattr(world, f"operator_{side}").id,
        number=getattr(world, f"number_{side}").id,
    )


@pytest.mark.parametrize("template", READS)
def test_another_accounts_ids_are_not_found_but_the_keys_own_are(world, template):
    for api in (world.b, world.b_scoped):
        response = api.get(_path(template, world, "a"))
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
        assert api.get(_path(template, world, "b")).status_code == 200
    assert world.a.get(_path(template, world, "a")).status_code == 200
    assert world.a.get(_path(template, world, "b")).status_code == 404


# Writes to the other account's ids -------------------------------------------------------------

WRITES = [
    ("patch", "/projects/{project}", {"name": "Taken over"}),
    ("delete", "/projects/{project}", None),
    ("patch", "/recordings/{recording}", {"display_name": "Taken over"}),
    ("patch", "/recordings/{public_id}", {"display_name": "Taken over"}),
    ("delete", "/recordings/{recording}", None),
    ("patch", "/operators/{operator}", {"name": "Taken over"}),
    ("delete", "/operators/{operator}", None),
    ("patch", "/virtual_numbers/{number}", {"name": "Taken over", "active": False}),
    ("post", "/virtual_numbers/{number}/add_operator", {"phone_number": "+16175550199"}),
    ("post", "/virtual_numbers/{number}/operators", {"phone_number": "+16175550199"}),
    ("delete", "/virtual_numbers/{number}/remove_operator", {"operator_id": "{operator}"}),
    ("delete", "/virtual_numbers/{number}/operators/{operator}", None),
]


@pytest.mark.parametrize(("method", "template", "body"), WRITES)
def test_writes_to_another_accounts_ids_are_not_found_and_change_nothing(
    world, method, template, body
):
    before = world.snapshot()
    if body is not None:
        body = {
            field: _path(value, world, "a") if isinstance(value, str) else value
            for field, value in body.items()
        }
        if "operator_id" in body:
            body["operator_id"] = int(body["operator_id"])
    args = [body] if body is not None else []
    response = getattr(world.b, method)(_path(template, world, "a"), *args)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    # The scoped key gets the answer it gets for ids that exist nowhere (for deleting a project,
    # which such a key may never do, a 403): nothing tells it the ids are someone else's.
    scoped = getattr(world.b_scoped, method)
    answer = scoped(_path(template, world, "a"), *args)
    unknown = scoped(template.format(project=999999, recording=999999, public_id=uuid.uuid4(),
                                     operator=999999, number=999999), *args)
    assert (answer.status_code, answer.json()) == (unknown.status_code, unknown.json())
    assert answer.status_code in (403, 404)
    assert world.snapshot() == before


def test_b_cannot_pull_the_other_accounts_rows_into_its_own(world):
    w = world
    before = w.snapshot()
    # Moving its recording into A's project, its number to A's project, A's operator onto its
    # number, uploading into A's project: all 404.
    moves = [
        w.b.patch(f"/recordings/{w.recording_b.id}", {"project_id": w.project_a.id}),
        w.b.patch(f"/virtual_numbers/{w.number_b.id}", {"project_id": w.project_a.id}),
        w.b.post(f"/virtual_numbers/{w.number_b.id}/add_operator", {"operator_id": w.operator_a.id}),
        w.b.post(f"/virtual_numbers/{w.number_b.id}/operators", {"operator_id": w.operator_a.id}),
        w.b.upload(project_id=w.project_a.id, name="Sneaky"),
        w.b.delete(f"/virtual_numbers/{w.number_b.id}/operators/{w.operator_a.id}"),
    ]
    assert [response.status_code for response in moves] == [404] * len(moves)
    assert w.snapshot() == before
    w.recording_b.refresh_from_db()
    w.number_b.refresh_from_db()
    assert (w.recording_b.project_id, w.number_b.project_id) == (w.project_b.id, w.project_b.id)
    assert list(w.number_b.links.values_list("operator_id", flat=True)) == [w.operator_b.id]
    assert not Recording.objects.filter(name="Sneaky").exists()


# What a key creates belongs to its account -------------------------------------------------------


def test_what_b_creates_is_b_s_alone_and_names_and_phones_are_unique_per_account(world):
    w = world
    project = w.b.post("/projects", {"name": "support", "language": "en"})
    assert project.status_code == 422  # its own "Support" clashes, ignoring case
    project = w.b.post("/projects", {"name": "Claims", "language": "en"})
    operator = w.b.post("/operators", {"name": "Ann Twin", "phone_number": "+14155550101"})
    make_available("+14155550142")
    number = w.b.post("/virtual_numbers/purchase", {"phone_number": "+14155550142"})
    upload = w.b.upload(project_id=w.project_b.id, name="Turbine follow-up")
    assert [r.status_code for r in (project, operator, number, upload)] == [201] * 4
    created = {
        "project": project.json()["data"]["id"],
        "operator": operator.json()["data"]["id"],
        "number": number.json()["data"]["id"],
        "recording": upload.json()["data"]["id"],
    }
    assert created["project"] in _ids(w.b.get("/projects"))
    assert created["operator"] in _ids(w.b.get("/operators"))
    assert created["number"] in _ids(w.b.get("/virtual_numbers"))
    assert created["recording"] in _ids(w.b.get("/recordings"))
    assert _ids(w.a.get("/projects")) == {w.project_a.id}
    assert _ids(w.a.get("/operators")) == {w.operator_a.id}
    assert _ids(w.a.get("/virtual_numbers")) == {w.number_a.id}
    assert _ids(w.a.get("/recordings")) == {w.recording_a.id}
    for path in ("/projects/{project}", "/operators/{operator}", "/virtual_numbers/{number}",
                 "/recordings/{recording}"):
        assert w.a.get(path.format(**created)).status_code == 404
    # The same name, in A's account, is A's to take.
    assert w.a.post("/projects", {"name": "Claims", "language": "en"}).status_code == 201


def test_an_operator_made_by_attaching_a_phone_is_the_numbers_accounts(world):
    w = world
    # Ann's phone, attached to B's number: B gets an operator of its own, Ann stays A's only.
    response = w.b.post(f"/virtual_numbers/{w.number_b.id}/add_operator",
                        {"phone_number": w.operator_a.phone_number, "name": "Ann at Globex"})
    assert response.status_code == 200
    attached = {op["id"] for op in response.json()["data"]["operators"]}
    assert w.operator_a.id not in attached and len(attached) == 2
    assert Operator.objects.get(pk=(attached - {w.operator_b.id}).pop()).account == w.globex
    assert list(w.operator_a.number_links.values_list("number_id", flat=True)) == [w.number_a.id]


# Keys ------------------------------------------------------------------------------------------


def test_a_project_scoped_key_belongs_to_its_projects_account_whatever_it_was_given(world):
    key = ApiKey.objects.create(key="idc_" + "x" * 32, project=world.project_b)  # no account given
    assert key.account == world.globex
    key.account_id = demo_account()
    key.save()
    key.refresh_from_db()
    assert key.account == world.globex
    assert _ids(Api(world.a.client, key.key).get("/projects")) == {world.project_b.id}


def test_seeding_the_other_account_adds_globex_and_leaves_the_demo_account_as_it_was(client):
    keys = seed_demo()
    demo = Api(client, keys["full"])
    projects, recordings = _ids(demo.get("/projects")), demo.get("/recordings").json()["meta"]

    both = seed_demo(other_account=True)
    assert set(both) == {*NAMED_KEYS, OTHER_KEY}
    assert {name: both[name] for name in NAMED_KEYS} == keys
    assert seed_demo(other_account=True) == both  # idempotent
    assert _ids(demo.get("/projects")) == projects
    assert demo.get("/recordings").json()["meta"] == recordings

    globex = Api(client, both[OTHER_KEY])
    names = {row["name"] for row in globex.get("/projects").json()["data"]}
    assert names == {"Plant Hotline", "Field Dispatch"}
    assert not names & {row["name"] for row in demo.get("/projects").json()["data"]}
    rows = globex.get("/recordings", {"per_page": 100}).json()["data"]
    assert 5 <= len(rows) <= 8 and {row["status"] for row in rows} == {"completed"}
    transcript = globex.get(f"/recordings/{rows[0]['id']}/transcription").json()["data"]
    assert transcript["dialogues"]
    assert len(globex.get("/operators").json()["data"]) == 3
    numbers = globex.get("/virtual_numbers").json()["data"]
    assert len(numbers) == 2
    for number in numbers:
        stats = globex.get(f"/virtual_numbers/{number['id']}").json()["data"]["stats"]
        assert stats["answered_calls"] >= 1 and stats["missed_calls"] >= 1
    assert demo.get(f"/recordings/{rows[0]['id']}").status_code == 404
    assert globex.get(f"/projects/{min(projects)}").status_code == 404

    # A reset keeps every named key string, Globex's too, and reseeds Globex when asked.
    assert seed_demo(reset=True, other_account=True) == both
    assert len(globex.get("/recordings").json()["data"]) == len(rows)
