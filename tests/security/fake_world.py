"""A fake IdentityCall answering every read the console makes, with chosen text in every text field.

One `responses` callback per method serves the whole API, so a sweep over every console page needs
no per-page registration; `plant(text)` decides what each human-readable string says.
"""

import json
import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import BASE
from tests.operators.conftest import list_item_json
from tests.operators.conftest import operator_json as operator_detail_json
from tests.projects.conftest import project_json, short_json
from tests.recordings.analysis_factories import dialogue_json
from tests.recordings.conftest import page_json, recording_json
from tests.virtual_numbers.builders import detail_json, number_json, offer_json, operator_json

REF = "018f3a00-0000-7000-8000-000000001001"
PROJECT_ID, OPERATOR_ID, NUMBER_ID = 42, 22, 9

# Every console URL name → the kwargs it is visited with. A new URL needs an entry here.
SAMPLES = {
    "dashboard:home": {},
    "dashboard:uploads": {},
    "dashboard:failed": {},
    "dashboard:queue": {},
    "dashboard:numbers": {},
    "dashboard:counts": {},
    "accounts:logout": {},
    "accounts:api_key": {},
    "accounts:api_key_verify": {},
    "accounts:api_key_remove": {},
    "accounts:password_change": {},
    "accounts:sessions": {},
    "accounts:two_factor": {},
    "accounts:two_factor_codes": {},
    "accounts:two_factor_off": {},
    "accounts:two_factor_verify": {},
    "team:reset_2fa": {"user_id": 1},
    "accounts:session_end": {"session_id": 1},
    "team:team": {},
    "team:invite": {},
    "team:revoke": {"invitation_id": 1},
    "team:role": {"user_id": 1},
    "team:active": {"user_id": 1},
    "team:password_reset": {"user_id": 1},
    "team:end_sessions": {"user_id": 1},
    "audit:activity": {},
    "audit:activity_csv": {},
    "recordings:list": {},
    "recordings:upload": {},
    "recordings:upload_file": {},
    "recordings:upload_queue": {},
    "recordings:queued_uploads": {},
    "recordings:retry_upload": {"upload_id": "00000000-0000-4000-8000-000000000001"},
    "recordings:dismiss_upload": {"upload_id": "00000000-0000-4000-8000-000000000001"},
    "recordings:clear_sent_uploads": {},
    "recordings:rename": {"ref": REF},
    "recordings:delete": {"ref": REF},
    "recordings:detail": {"ref": REF},
    "recordings:retry": {"ref": REF},
    "recordings:status": {"ref": REF},
    "recordings:analysis": {"ref": REF},
    "recordings:export": {"ref": REF, "fmt": "txt"},
    "recordings:speakers": {"ref": REF},
    "recordings:audio": {"ref": REF},
    "recordings:kept_audio": {},
    "recordings:export_selection": {},
    "recordings:bulk_delete": {},
    "recordings:selection": {},
    "projects:list": {},
    "projects:create": {},
    "projects:detail": {"project_id": PROJECT_ID},
    "projects:edit": {"project_id": PROJECT_ID},
    "projects:delete": {"project_id": PROJECT_ID},
    "virtual_numbers:list": {},
    "virtual_numbers:available": {},
    "virtual_numbers:purchase_confirm": {},
    "virtual_numbers:detail": {"number_id": NUMBER_ID},
    "virtual_numbers:edit": {"number_id": NUMBER_ID},
    "virtual_numbers:add_operator": {"number_id": NUMBER_ID},
    "virtual_numbers:reorder_operators": {"number_id": NUMBER_ID},
    "virtual_numbers:remove_operator": {"number_id": NUMBER_ID, "operator_id": OPERATOR_ID},
    "operators:list": {},
    "operators:create": {},
    "operators:detail": {"operator_id": OPERATOR_ID},
    "operators:calls": {"operator_id": OPERATOR_ID},
    "operators:edit": {"operator_id": OPERATOR_ID},
    "operators:toggle_active": {"operator_id": OPERATOR_ID},
    "operators:delete": {"operator_id": OPERATOR_ID},
    "operators:attach": {"operator_id": OPERATOR_ID},
    "operators:detach": {"operator_id": OPERATOR_ID, "number_id": NUMBER_ID},
    "notifications:list": {},
    "notifications:bell": {},
    "notifications:email": {},
    "notifications:dismiss": {"notification_id": 1},
    "insights:search": {},
    "insights:sync": {},
    "insights:compare": {},
    "insights:insights": {},
    "insights:week_block": {},
    "insights:insights_csv": {"table": "goals"},
}
# Pages outside the login wall, or not the console's own.
PUBLIC_PREFIXES = ("/healthz", "/accounts/login/", "/static/", "/sandbox/", "/admin/",
                   "/accounts/invitation/", "/accounts/reset/")
# Extra query strings that make a page show more upstream text (search results, confirm step).
QUERIES = {
    "virtual_numbers:available": "?country=US&number_type=mobile",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


def console_urls():
    """Return [(name, path)] for every console URL behind the login wall, built from SAMPLES."""
    found = []
    for route, name, _entry in _walk(get_resolver().url_patterns):
        if ("/" + route).startswith(PUBLIC_PREFIXES) or route.startswith(("sandbox/", "admin/")):
            continue
        assert name in SAMPLES, f"add a sample for {name}"
        found.append((name, reverse(name, kwargs=SAMPLES[name])))
    return found


def _recording(text):
    return recording_json(id=1001, public_id=REF, name=text, project_id=PROJECT_ID,
                          speakers=[text, "Customer"])


def _bodies(text):
    """Return [(path regex, GET body)] of the fake API, every human text set to `text`."""
    dialogues = [
        dialogue_json(1, 0, 4_500, text, speaker="Speaker 1", profile=text),
        dialogue_json(2, 5_000, 9_000, "Plain line.", speaker="Speaker 2", dominant="calm"),
    ]
    results = {
        "recording_id": 1001,
        "goals": [{"goal_id": 1, "goal_name": text, "met": True, "score": 0.9,
                   "explanation": text}],
        "keywords": [{"keyword_id": 7, "keyword_name": text, "sentiment": "negative",
                      "count": 1, "timestamps_ms": [1_000]}],
        "pauses": [{"start_ms": 4_500, "end_ms": 5_000, "duration_ms": 500, "compliant": True,
                    "after_dialogue_id": 401}],
    }
    operator = operator_json(OPERATOR_ID, text, "+14155550199")
    number = detail_json(
        id=NUMBER_ID, name=text, operators=[{**operator, "priority": 0}],
        available_operators=[operator_json(23, text, "+14155550198")],
    )
    number["recent_calls"][0].update(caller_name=text, transcript_summary=text)
    return [
        (r"/recordings/[^/]+/transcription", {"data": {
            "recording_id": 1001, "language": "en", "full_text": text, "dialogues": dialogues}}),
        (r"/recordings/[^/]+/results", {"data": results}),
        (r"/recordings/[^/]+/summary", {"data": {
            "recording_id": 1001, "summary": text, "duration_ms": 9_000,
            "speakers": [text], "goal_achievement": 50.0}}),
        (r"/recordings/[^/]+", {"data": _recording(text)}),
        (r"/recordings", page_json([_recording(text)])),
        (r"/projects/\d+", {"data": project_json(
            id=PROJECT_ID, name=text, description=text, industry=text, transcription_hints=text)}),
        (r"/projects", {"data": [short_json(id=PROJECT_ID, name=text, industry=text)]}),
        (r"/virtual_numbers/available", {"data": [
            offer_json(region=text, features=(text, "voice"))]}),
        (r"/virtual_numbers/\d+", {"data": number}),
        (r"/virtual_numbers", {"data": [number_json(
            id=NUMBER_ID, name=text, operators=[operator])]}),
        (r"/operators/\d+", {"data": operator_detail_json(
            id=OPERATOR_ID, name=text, email="x@example.com",
            virtual_numbers=[{"id": NUMBER_ID, "phone_number": "+12015550123", "name": text,
                              "active": True}])}),
        (r"/operators", {"data": [list_item_json(id=OPERATOR_ID, name=text)]}),
    ]


def plant(mock, text):
    """Make `mock` answer every GET with bodies carrying `text`; writes answer 503."""
    bodies = [(re.compile(pattern + r"$"), body) for pattern, body in _bodies(text)]

    def answer(request):
        path = request.path_url.split("?")[0].removeprefix("/api/v1/public")
        for pattern, body in bodies:
            if pattern.match(path):
                return 200, {"Content-Type": "application/json"}, json.dumps(body)
        missing = json.dumps({"error": "Resource not found"})
        return 404, {"Content-Type": "application/json"}, missing

    everything = re.compile(re.escape(BASE) + r"/.*")
    mock.add_callback("GET", everything, callback=answer)
    for method in ("POST", "PATCH", "DELETE"):
        mock.add_callback(method, everything, callback=lambda request: (
            503, {"Content-Type": "application/json"}, json.dumps({"error": "unavailable"})))

