"""A fake IdentityCall for the index's tests: each key sees its own recordings (two accounts may
hold the same integer ids), answered through `responses` by the Bearer key of each request."""

import json
import re
from dataclasses import dataclass, field

import responses

from tests.factories import BASE

LIST = re.compile(re.escape(BASE) + r"/recordings(\?.*)?$")
PROJECTS = re.compile(re.escape(BASE) + r"/projects(\?.*)?$")
PART = re.compile(re.escape(BASE) + r"/recordings/([^/?]+)/(transcription|results|summary)$")


@dataclass
class Call:
    """One recording as IdentityCall would give it, with its analysis."""

    id: int
    project_id: int
    name: str
    lines: list = field(default_factory=list)  # (speaker, text, start_s, emotion)
    status: str = "completed"
    created_at: str = "2026-11-02T10:00:00Z"
    updated_at: str = "2026-11-02T10:05:00Z"
    duration_ms: int = 120_000
    external_id: str | None = None
    goals: list = field(default_factory=list)  # (name, met, score)
    summary: str = ""
    long_pauses: int = 0

    @property
    def ref(self):
        return str(self.id)

    def item(self):
        return {
            "id": self.id, "project_id": self.project_id, "name": self.name,
            "status": self.status, "created_at": self.created_at, "updated_at": self.updated_at,
            "duration_ms": self.duration_ms, "external_id": self.external_id,
        }

    def transcription(self):
        return {"dialogues": [
            {"speaker": who, "text": text, "start_ms": start * 1000, "end_ms": start * 1000 + 900,
             "emotion": {emotion: 0.9, "neutral": 0.1} if emotion else {}}
            for who, text, start, emotion in self.lines
        ]}

    def results(self):
        return {
            "goals": [{"goal_name": n, "met": met, "score": s} for n, met, s in self.goals],
            "keywords": [{"keyword_name": "refund", "count": 1}],
            "pauses": [{"start_ms": 1000, "duration_ms": 9000, "compliant": False}]
            * self.long_pauses,
        }

    def summary_body(self):
        score = None
        if self.goals:
            score = sum(s for _, _, s in self.goals) / len(self.goals)
        return {"summary": self.summary, "goal_achievement": score}


class FakeApi:
    """Register on a responses mock; `accounts[key]` is the list of Calls that key can read."""

    def __init__(self, mock):
        self.accounts = {}
        self.requests = []  # (key, path) of every request answered
        self.refuse_from = None  # answer 429 from this request number (1-based) on
        self.retry_after = "30"
        self.status = 429  # what a refused request is answered
        mock.add_callback(responses.GET, LIST, callback=self.list, content_type="application/json")
        mock.add_callback(responses.GET, PROJECTS, callback=self.projects,
                          content_type="application/json")
        mock.add_callback(responses.GET, PART, callback=self.part, content_type="application/json")

    def _key(self, request):
        return request.headers["Authorization"].removeprefix("Bearer ")

    def _refuse(self):
        if self.refuse_from is not None and len(self.requests) >= self.refuse_from:
            return self.status, {"Retry-After": self.retry_after}, json.dumps({"error": "No"})
        return None

    def list(self, request):
        key = self._key(request)
        self.requests.append((key, "list"))
        if refused := self._refuse():
            return refused
        params = dict(p.split("=") for p in request.url.split("?", 1)[1].split("&"))
        page, per_page = int(params["page"]), int(params["per_page"])
        calls = self.accounts.get(key, [])
        chunk = calls[(page - 1) * per_page: page * per_page]
        meta = {"current_page": page, "per_page": per_page, "total_count": len(calls),
                "total_pages": max(1, -(-len(calls) // per_page))}
        return 200, {}, json.dumps({"data": [c.item() for c in chunk], "meta": meta})

    def projects(self, request):
        """Every project the key's calls are in, named "Project <id> of <the key's last four>"."""
        key = self._key(request)
        self.requests.append((key, "projects"))
        if refused := self._refuse():
            return refused
        ids = sorted({call.project_id for call in self.accounts.get(key, [])})
        return 200, {}, json.dumps({"data": [
            {"id": pid, "name": f"Project {pid} of {key[-4:]}"} for pid in ids
        ]})

    def part(self, request):
        key = self._key(request)
        ref, part = PART.match(request.url).groups()
        self.requests.append((key, f"{part}:{ref}"))
        if refused := self._refuse():
            return refused
        call = next((c for c in self.accounts.get(key, []) if c.ref == ref), None)
        if call is None:
            return 404, {}, json.dumps({"error": "Resource not found"})
        body = {"transcription": call.transcription, "results": call.results,
                "summary": call.summary_body}[part]()
        return 200, {}, json.dumps({"data": body})
