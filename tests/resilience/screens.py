"""The screens the resilience tests break: how to reach each, and which upstream call to fail."""

import json
import re
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import BASE, numbers_body, operators_body
from tests.operators.conftest import operator_json
from tests.recordings.conftest import page_json, project_json, recording_json
from tests.virtual_numbers.builders import detail_json, inventory, offer_json

REF = "018f3a00-0000-7000-8000-000000001001"
WAV = b"RIFF$\x00\x00\x00WAVEfmt " + bytes(range(256)) * 8


@dataclass(frozen=True)
class Screen:
    """One console screen: its request, the upstream call to break, and input it must keep."""

    name: str
    method: str
    path: str
    # (upstream method, path regex below the API root) of the call that fails.
    target: tuple
    form: dict = field(default_factory=dict)
    kept: tuple = ()  # values the re-rendered form must still show
    headers: dict = field(default_factory=dict)  # e.g. HX-Request for a dialog that needs htmx
    # What the write does, which decides what a person must be told: "create", "delete",
    # "change", "purchase" or "upload"; "" for a page that only reads.
    kind: str = ""

    @property
    def writing(self):
        return self.method == "POST"


HEALTHY = [
    (r"/projects", {"data": [project_json(id=1, name="Support EN")]}),
    (r"/projects/42", {"data": project_json(id=42, name="Kept EN")}),
    (r"/operators", operators_body(2)),
    (r"/operators/22", {"data": operator_json()}),
    (r"/virtual_numbers", numbers_body(2)),
    (r"/virtual_numbers/9", {"data": detail_json(id=9)}),
    (r"/virtual_numbers/available", inventory(offer_json())),
    (r"/recordings", page_json([recording_json(id=1001, public_id=REF)])),
    (r"/recordings/[^/]+", {"data": recording_json(id=1001, public_id=REF)}),
]


def api_path(request):
    return request.path_url.split("?")[0].removeprefix("/api/v1/public")


def hits(screen, request):
    """Return True when `request` is the upstream call `screen` breaks."""
    method, pattern = screen.target
    return request.method == method and re.fullmatch(pattern, api_path(request)) is not None


def install(upstream, screen, fault):
    """Answer every call: the screen's target with `fault(request)`, every read healthily."""

    def answer(request):
        if hits(screen, request):
            return fault(request)
        for pattern, body in HEALTHY:
            if request.method == "GET" and re.fullmatch(pattern, api_path(request)):
                return 200, {"Content-Type": "application/json"}, json.dumps(body)
        return 404, {}, json.dumps({"error": "Resource not found"})

    everything = re.compile(re.escape(BASE) + r"/.*")
    for method in ("GET", "POST", "PATCH", "DELETE"):
        upstream.add_callback(method, everything, callback=answer)


def target_calls(upstream, screen):
    return [call for call in upstream.calls if hits(screen, call.request)]


SCREENS = [
    Screen("dashboard", "GET", "/overview/counts/", ("GET", r"/.*")),  # the overview page asks nothing; its blocks do
    Screen("overview queue", "GET", "/overview/queue/", ("GET", r"/recordings")),
    Screen("overview numbers", "GET", "/overview/numbers/", ("GET", r"/.*")),
    Screen("recordings list", "GET", "/recordings/", ("GET", r"/recordings")),
    Screen("recording detail", "GET", f"/recordings/{REF}/", ("GET", r"/recordings/[^/]+")),
    Screen("numbers list", "GET", "/numbers/", ("GET", r"/virtual_numbers")),
    Screen(
        "upload", "POST", "/recordings/upload/", ("POST", r"/recordings"),
        form={"project": "1", "language": "", "name": "Kept call name", "external_id": ""},
        kept=("Kept call name",), kind="upload",
    ),
    # upload.js: one file as the raw body, relayed while it arrives (the page keeps the form).
    Screen(
        "relayed upload", "POST", "/recordings/upload/file/", ("POST", r"/recordings"),
        form={"project": "1", "language": "", "name": "Kept call name", "external_id": "",
              "filename": "call.wav"},
        kind="upload",
    ),
    Screen(
        "recording rename", "POST", f"/recordings/{REF}/rename/", ("PATCH", r"/recordings/[^/]+"),
        form={"name": "Kept call name", "place": "detail"}, kind="change",
    ),
    # The delete dialog explains a failure inside itself, so it is reached with htmx.
    Screen(
        "recording delete", "POST", f"/recordings/{REF}/delete/", ("DELETE", r"/recordings/[^/]+"),
        form={"place": "list", "name": "Kept call"}, headers={"HX-Request": "true"},
        kind="delete",
    ),
    Screen(
        "project create", "POST", "/projects/new/", ("POST", r"/projects"),
        form={"form_token": "0123456789abcdef0123456789abcdef", "name": "Kept project",
              "language": "lt", "description": "Kept description", "no_retention": "on"},
        kept=("Kept project", "Kept description"), kind="create",
    ),
    Screen(
        "project delete", "POST", "/projects/42/delete/", ("DELETE", r"/projects/42"),
        form={"confirm_name": "Kept EN"}, kept=("Kept EN",), kind="delete",
    ),
    Screen(
        "operator create", "POST", "/operators/new/", ("POST", r"/operators"),
        form={"form_token": "0123456789abcdef0123456789abcdef", "name": "Kept Operator",
              "phone_number": "+370 600 12345", "region": "LT", "email": "kept@example.com",
              "active": "on"},
        kept=("Kept Operator", "kept@example.com"), kind="create",
    ),
    Screen(
        "operator edit", "POST", "/operators/22/edit/", ("PATCH", r"/operators/22"),
        form={"name": "Kept Operator", "phone_number": "+370 600 12345", "region": "LT",
              "email": "kept@example.com", "active": "on"},
        kept=("Kept Operator", "kept@example.com"), kind="change",
    ),
    Screen(
        "operator delete", "POST", "/operators/22/delete/", ("DELETE", r"/operators/22"),
        kind="delete",
    ),
    Screen(
        "purchase confirm", "POST", "/numbers/available/confirm/",
        ("POST", r"/virtual_numbers/purchase"),
        form={"name": "Kept line name", "requirement_group_id": ""},
        kept=("Kept line name",), kind="purchase",
    ),
    Screen(
        "routing add", "POST", "/numbers/9/operators/add/",
        # IdentityCall docs conflict: attaching is spelled `add_operator` or `operators`.
        ("POST", r"/virtual_numbers/9/(add_operator|operators)"),
        form={"name": "Kept Greta", "phone_number": "(415) 555-0199", "region": "US"},
        kept=("Kept Greta",), kind="create",
    ),
    Screen(
        "routing remove", "POST", "/numbers/9/operators/1/remove/",
        # IdentityCall docs conflict: detaching is spelled `remove_operator` or `operators/:id`.
        ("DELETE", r"/virtual_numbers/9/(remove_operator|operators/1)"),
        kind="delete",
    ),
]


def prepare(client, screen, upstream, fault):
    """Install the fake upstream; return the form to post (with a live token where needed)."""
    install(upstream, screen, fault)
    form = dict(screen.form)
    if screen.name == "purchase confirm":
        response = client.get(screen.path, {"phone_number": "+14155550123", "country_code": "US",
                                            "number_type": "mobile"})
        form["token"] = response.context["form"]["token"].value()
    if screen.name == "upload":
        form["files"] = SimpleUploadedFile("call.wav", WAV, content_type="audio/wav")
    return form
