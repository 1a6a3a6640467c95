"""Builders for IdentityCall recordings JSON, shared by every recordings test module."""

import itertools
import os

import pytest


_ids = itertools.count(1001)


@pytest.fixture
def private_dirs(settings, tmp_path):
    """Temp uploads and kept copies in this test's own folders, to check what stays behind."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "incoming")
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "incoming").mkdir()
    return tmp_path / "incoming"


@pytest.fixture
def advice(monkeypatch):
    """Record (file size, offset, length, advice) of each posix_fadvise call, still making it."""
    calls = []
    real_fadvise = os.posix_fadvise

    def fadvise(descriptor, offset, length, what):
        calls.append((os.fstat(descriptor).st_size, offset, length, what))
        real_fadvise(descriptor, offset, length, what)

    monkeypatch.setattr("apps.recordings.ingest.receiving.os.posix_fadvise", fadvise)
    return calls


def recording_json(**overrides):
    """Return one recording as the API sends it (list/detail form); overrides replace any field."""
    number = overrides.pop("id", None) or next(_ids)
    data = {
        "id": number,
        "public_id": f"018f3a00-0000-7000-8000-{number:012d}",
        "project_id": 1,
        "external_id": None,
        "name": f"Call {number}",
        "status": "completed",
        "language": "en",
        "duration_ms": 185_000,
        "created_at": "2026-04-15T10:00:00Z",
        "updated_at": "2026-04-15T10:05:00Z",
        "speakers": ["Agent", "Customer"],
        "goal_achievement": 87.5,
        "dialogues_count": 24,
        "goals_evaluated": True,
        "keywords_detected": 8,
        "pauses_detected": 3,
        "audio_attached": True,
    }
    data.update(overrides)
    return data


def page_json(items, page=1, per_page=20, total=None):
    """Return a GET /recordings body: `data` plus `meta` (total defaults to len(items))."""
    total = len(items) if total is None else total
    return {
        "data": list(items),
        "meta": {
            "current_page": page,
            "total_pages": max(1, -(-total // per_page)),
            "total_count": total,
            "per_page": per_page,
        },
    }


def project_json(**overrides):
    """Return one project in the short form GET /projects lists."""
    data = {
        "id": 1,
        "name": "Customer Support EN",
        "language": "en",
        "industry": None,
        "created_at": "2026-01-01T09:00:00Z",
        "updated_at": "2026-01-01T09:00:00Z",
    }
    data.update(overrides)
    return data


@pytest.fixture
def api_url(settings):
    """Return a function building an absolute upstream URL from a path like "/recordings"."""
    return lambda path: settings.IDENTITYCALL_BASE_URL.rstrip("/") + path
