"""The IdentityCall client tests' world: a client, a faked network, and small payload builders."""

import json
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from apps.identitycall.client import IdentityCallClient

BASE_URL = "https://identitycall.test/api/v1/public"
API_KEY = "idc_" + "a" * 32
PUBLIC_ID = "018f3a2b-7c4d-7e5f-8a9b-0c1d2e3f4a5b"


def recording_json(**overrides):
    """Return a new-era recording detail payload."""
    return {
        "id": 123,
        "public_id": PUBLIC_ID,
        "project_id": 42,
        "external_id": "crm-call-abc-123",
        "name": "Support call",
        "status": "completed",
        "language": "en",
        "duration_ms": 185000,
        "created_at": "2026-04-15T10:00:00Z",
        "updated_at": "2026-04-15T10:05:00Z",
        "speakers": ["Agent", "Customer"],
        "goal_achievement": 87.5,
        "dialogues_count": 24,
        "goals_evaluated": True,
        "keywords_detected": 8,
        "pauses_detected": 3,
        "audio_attached": True,
    } | overrides


def emotion_json(**overrides):
    """Return an emotion distribution that is mostly neutral."""
    others = ("happy", "calm", "sad", "angry", "fearful", "surprised", "disgust")
    return dict.fromkeys(others, 0.05) | {"neutral": 0.65} | overrides


def dialogue_json(**overrides):
    """Return one transcription dialogue."""
    return {
        "id": 456,
        "position": 1,
        "speaker": "Speaker 1",
        "voice_profile_id": 89,
        "voice_profile_name": "John Smith",
        "text": "Thank you for calling.",
        "start_ms": 0,
        "end_ms": 2400,
        "emotion": emotion_json(),
    } | overrides


def transcription_json(**overrides):
    """Return a transcription with two dialogues."""
    return {
        "recording_id": 123,
        "language": "en",
        "full_text": "Thank you for calling. I have a question.",
        "dialogues": [
            dialogue_json(),
            dialogue_json(id=457, position=2, speaker="Speaker 2", voice_profile_id=None,
                          voice_profile_name=None, text="I have a question.",
                          start_ms=2600, end_ms=4100, emotion=emotion_json(neutral=0.1, angry=0.6)),
        ],
    } | overrides


def results_json(**overrides):
    """Return results with one goal, one keyword and one pause."""
    return {
        "recording_id": 123,
        "goals": [{"goal_id": 1, "goal_name": "Greeting", "met": True, "score": 0.95,
                   "explanation": "Agent greeted the caller."}],
        "keywords": [{"keyword_id": 7, "keyword_name": "refund", "sentiment": "negative",
                      "count": 2, "timestamps_ms": [12000, 45000]}],
        "pauses": [{"start_ms": 30000, "end_ms": 38000, "duration_ms": 8000, "compliant": False,
                    "after_dialogue_id": 456}],
    } | overrides


def summary_json(**overrides):
    """Return a recording summary."""
    return {
        "recording_id": 123,
        "summary": "The customer asked about a refund.",
        "duration_ms": 185000,
        "speakers": ["Agent", "John Smith"],
        "goal_achievement": 87.5,
    } | overrides


def project_json(**overrides):
    """Return a project in short form."""
    return {
        "id": 42,
        "name": "Customer Support EN",
        "language": "en",
        "industry": None,
        "created_at": "2026-04-15T10:00:00Z",
        "updated_at": "2026-04-15T10:00:00Z",
    } | overrides


def project_full_json(**overrides):
    """Return a project in full form."""
    return project_json(
        description="Inbound support line",
        goal_language="en",
        summary_language="en",
        long_pause_threshold_seconds=5,
        transcription_hints="IdentityCall, KYC, SCA",
        retention_days=365,
        quality_baseline_enabled=True,
        quality_baseline_pct=75.0,
        recordings_count=1284,
        virtual_numbers_count=3,
    ) | overrides


def number_json(**overrides):
    """Return a virtual number in short form."""
    return {
        "id": 9,
        "phone_number": "+15551234567",
        "name": "US Sales Line",
        "country_code": "US",
        "active": True,
        "ai_receptionist_enabled": False,
        "operators": [{"id": 22, "name": "Jane Doe", "initials": "JD"}],
        "operators_count": 4,
        # IdentityCall docs gap: neither number form documents project_id; the sandbox sends it.
        "project_id": 7,
    } | overrides


def number_detail_json(**overrides):
    """Return a virtual number in detail form, with one attached and one available operator."""
    detail = {key: value for key, value in number_json().items() if key != "operators_count"}
    return detail | {
        "recording": True,
        "routing_strategy": "priority",
        "stats": {"total_calls": 120, "answered_calls": 100, "missed_calls": 20,
                  "average_duration_seconds": 185},
        "operators": [{"id": 22, "name": "Jane Doe", "phone_number": "+15555550100",
                       "initials": "JD", "priority": 0}],
        "available_operators": [{"id": 23, "name": "Greta Hall", "phone_number": "+15555550199",
                                 "initials": "GH"}],
        "recent_calls": [{"id": 9981, "phone_number": "+15555550123", "caller_name": "Ann Lee",
                          "call_status": "answered", "call_duration": 213,
                          "direction": "inbound", "ai_handled": False,
                          "transcript_summary": None, "created_at": "2026-04-15T09:00:00Z"}],
    } | overrides


def available_number_json(**overrides):
    """Return one entry of the provider's number search."""
    return {
        "phone_number": "+15551234567",
        "country_code": "US",
        "number_type": "mobile",
        "upfront_cost": "1.00",
        "monthly_cost": "1.15",
        "features": ["sms", "voice", "mms"],
        "region_information": [{"region_type": "state", "region_name": "CA"}],
    } | overrides


def operator_json(**overrides):
    """Return an operator in list form."""
    return {
        "id": 42,
        "name": "Jane Doe",
        "phone_number": "+15551234567",
        "email": "jane.doe@example.com",
        "active": True,
        "initials": "JD",
        "virtual_numbers_count": 1,
    } | overrides


def operator_detail_json(**overrides):
    """Return an operator in detail form."""
    detail = {key: value for key, value in operator_json().items()
              if key != "virtual_numbers_count"}
    return detail | {
        "virtual_numbers": [{"id": 9, "phone_number": "+15551234567", "name": "US Sales Line",
                             "active": True}],
    } | overrides


class FakeApi:
    """The faked IdentityCall: stubs by path under BASE_URL, and the requests that were sent."""

    def __init__(self, mock):
        self.mock = mock

    def reply(self, method, path, *, data=None, json=None, body=None, status=200, headers=None):
        """Stub one answer; `data` is wrapped in the API's envelope."""
        if data is not None:
            json = {"data": data}
        self.mock.add(method, BASE_URL + path, json=json, body=body, status=status,
                      headers=headers)

    def fail(self, method, path, exception):
        """Stub one attempt that raises `exception` inside requests."""
        self.mock.add(method, BASE_URL + path, body=exception)

    @property
    def requests(self):
        return [call.request for call in self.mock.calls]

    @property
    def last(self):
        return self.mock.calls[-1].request

    def path(self, request=None):
        """Return the path of a sent request relative to BASE_URL, exactly as encoded."""
        return urlsplit((request or self.last).url).path.removeprefix(urlsplit(BASE_URL).path)

    def query(self, request=None):
        """Return the query string of a sent request as a flat dict."""
        return {key: values[-1] for key, values in
                parse_qs(urlsplit((request or self.last).url).query).items()}

    def json(self, request=None):
        """Return the JSON body of a sent request."""
        return json.loads((request or self.last).body)


@pytest.fixture
def api():
    with responses.RequestsMock() as mock:
        yield FakeApi(mock)


@pytest.fixture
def sleeps():
    """The backoff delays the client asked for, instead of sleeping."""
    return []


@pytest.fixture
def session():
    return requests.Session()


@pytest.fixture
def client(session, sleeps):
    return IdentityCallClient(API_KEY, base_url=BASE_URL, session=session, sleep=sleeps.append)


@pytest.fixture
def make():
    """The payload builders, e.g. `make.recording(status="failed")`."""
    return SimpleNamespace(
        recording=recording_json,
        emotion=emotion_json,
        dialogue=dialogue_json,
        transcription=transcription_json,
        results=results_json,
        summary=summary_json,
        project=project_json,
        project_full=project_full_json,
        number=number_json,
        number_detail=number_detail_json,
        available_number=available_number_json,
        operator=operator_json,
        operator_detail=operator_detail_json,
    )


@pytest.fixture
def key():
    return API_KEY


@pytest.fixture
def public_id():
    return PUBLIC_ID
