"""Fixtures and JSON builders for the projects view tests: a keyed user and a faked upstream."""

from tests.factories import BASE


def project_json(**overrides):
    """Return one project in full form (GET /projects/:id); overrides replace any field."""
    data = {
        "id": 42,
        "name": "Customer Support EN",
        "language": "en",
        "industry": "ecommerce",
        "created_at": "2026-01-05T09:00:00Z",
        "updated_at": "2026-01-06T10:30:00Z",
        "description": "Inbound support calls",
        "goal_language": "en",
        "summary_language": "en",
        "long_pause_threshold_seconds": 5,
        "transcription_hints": "IdentityCall, KYC, SCA",
        "retention_days": 365,
        "quality_baseline_enabled": True,
        "quality_baseline_pct": 75.0,
        "recordings_count": 1284,
        "virtual_numbers_count": 3,
    }
    data.update(overrides)
    return data


def short_json(**overrides):
    """Return one project in the short form GET /projects lists."""
    full = project_json(**overrides)
    keys = ("id", "name", "language", "industry", "created_at", "updated_at")
    return {key: full[key] for key in keys}


def url(path):
    """Return the upstream address of an API path like "/projects/42"."""
    return BASE + path
