"""Fixtures and JSON builders for the numbers screens; upstream faked with `responses`."""
