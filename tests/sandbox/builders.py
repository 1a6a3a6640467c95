"""Builders for the sandbox tests: rows made through the ORM, API calls through the test client."""

import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.sandbox.ids import uuid7
from apps.sandbox.models import (
    AvailableNumber,
    NumberOperator,
    Operator,
    OperatorProject,
    Project,
    Recording,
    VirtualNumber,
)

API = "/sandbox/api/v1/public"
CONTROL = "/sandbox/control"


class Api:
    """Calls the sandbox with one key through Django's test client; paths are below the API root."""

    def __init__(self, client, key):
        self.client = client
        self.key = key

    def _headers(self):
        return {"Authorization": f"Bearer {self.key}"} if self.key else {}

    def get(self, path, params=None):
        return self.client.get(API + path, params or {}, headers=self._headers())

    def post(self, path, body=None):
        return self.client.post(
            API + path,
            json.dumps(body or {}),
            content_type="application/json",
            headers=self._headers(),
        )

    def patch(self, path, body):
        return self.client.patch(
            API + path, json.dumps(body), content_type="application/json", headers=self._headers()
        )

    def delete(self, path, body=None):
        data = json.dumps(body) if body is not None else ""
        return self.client.delete(
            API + path, data, content_type="application/json", headers=self._headers()
        )

    def upload(self, *, file_name="call.mp3", content=b"ID3" + b"\0" * 4096, **fields):
        data = {key: str(value) for key, value in fields.items()}
        if file_name is not None:
            data["file"] = SimpleUploadedFile(file_name, content, content_type="audio/mpeg")
        return self.client.post(API + "/recordings", data, headers=self._headers())

    def as_key(self, key):
        return Api(self.client, key)


def make_project(name="Support", language="en", **fields):
    now = timezone.now()
    return Project.objects.create(
        name=name, language=language, created_at=now, updated_at=now, **fields
    )


def make_recording(
    project, *, name="Call", ago_seconds=3600, seed=1234, duration_ms=185_000, **fields
):
    """Return a recording created `ago_seconds` ago (old enough to be completed by default)."""
    created = timezone.now() - timedelta(seconds=ago_seconds)
    fields.setdefault("file_size", 100_000)
    return Recording.objects.create(
        public_id=uuid7(),
        project=project,
        name=name,
        language=fields.pop("language", project.language or "en"),
        created_at=created,
        updated_at=created,
        duration_ms=duration_ms,
        seed=seed,
        **fields,
    )


def make_operator(name="Jane Doe", phone="+15551234567", projects=(), **fields):
    operator = Operator.objects.create(name=name, phone_number=phone, **fields)
    for project in projects:
        OperatorProject.objects.create(operator=operator, project=project)
    return operator


def make_number(phone="+14155550100", project=None, operators=(), **fields):
    fields.setdefault("country_code", "US")
    number = VirtualNumber.objects.create(phone_number=phone, project=project, **fields)
    for priority, operator in enumerate(operators):
        NumberOperator.objects.create(number=number, operator=operator, priority=priority)
    return number


def make_available(phone="+14155550142", country="US", number_type="mobile"):
    return AvailableNumber.objects.create(
        phone_number=phone,
        country_code=country,
        number_type=number_type,
        upfront_cost="1.00",
        monthly_cost="1.15",
        features=["sms", "voice"],
        region_information=[{"region_type": "state", "region_name": "CA"}],
    )
