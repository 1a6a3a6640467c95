"""Fixtures shared by every test package; each package keeps its own in tests/<app>/conftest.py."""
