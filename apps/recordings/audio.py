"""Temporary: the kept copies moved to apps/recordings/ingest/storage.py (views/browse.py and
views/detail.py still import this name)."""

from .ingest.storage import Kept, find, forget, keep_copy, kept, playable  # noqa: F401
