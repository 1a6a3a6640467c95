"""Temporary: the upload rules moved to apps/recordings/ingest/rules.py (forms.py still imports here)."""

from .ingest.rules import ACCEPT, MAX_BYTES, MB  # noqa: F401
