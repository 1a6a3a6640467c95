"""Small helpers for the contract tests: what a parsed resource left unset, and JSON shapes."""

import io
from dataclasses import fields, is_dataclass

# The tests touch only the sandbox's tables (auth is there for the middleware's anonymous user).
# With the console's other apps hidden, the flush after each live-server test skips recreating
# every content type and permission, most of a second per test; conftest restores them once per
# module.
SANDBOX_APPS = ["apps.sandbox", "django.contrib.auth", "django.contrib.contenttypes"]


def audio(size=4096, header=b"ID3"):
    """Return an in-memory file that passes for audio (the sandbox checks name and size only)."""
    return io.BytesIO(header + b"\0" * size)


def unset_fields(resource, prefix=""):
    """Return the dotted names of fields left None, in nested resources and each list's first item.

    A field the parser could not fill is None, so a None where the sandbox sends a value means
    the client and the sandbox disagree about a name or a type.
    """
    unset = set()
    for field in fields(resource):
        value = getattr(resource, field.name)
        name = f"{prefix}{field.name}"
        if value is None:
            unset.add(name)
        elif is_dataclass(value):
            unset |= unset_fields(value, f"{name}.")
        elif isinstance(value, tuple) and value and is_dataclass(value[0]):
            unset |= unset_fields(value[0], f"{name}.")
    return unset


def shape_differences(fixture, sandbox, path="data"):
    """Return how two JSON values differ in keys: objects recursively, arrays by first item."""
    if isinstance(fixture, dict) and isinstance(sandbox, dict):
        differences = []
        if only := sorted(fixture.keys() - sandbox.keys()):
            differences.append(f"{path}: only in the fixture: {only}")
        if only := sorted(sandbox.keys() - fixture.keys()):
            differences.append(f"{path}: only in the sandbox: {only}")
        for key in sorted(fixture.keys() & sandbox.keys()):
            differences += shape_differences(fixture[key], sandbox[key], f"{path}.{key}")
        return differences
    if isinstance(fixture, list) and isinstance(sandbox, list):
        if fixture and sandbox:
            return shape_differences(fixture[0], sandbox[0], f"{path}[0]")
        return []
    containers = [value for value in (fixture, sandbox) if isinstance(value, dict | list)]
    if containers and type(fixture) is not type(sandbox) and None not in (fixture, sandbox):
        kinds = f"{type(fixture).__name__}, the sandbox {type(sandbox).__name__}"
        return [f"{path}: the fixture has {kinds}"]
    return []


def documented_gaps(payload, documented, path="data"):
    """Return the documented keys `payload` lacks; `documented` maps key → None, {…} or [{…}].

    `[{…}]` describes the items of an array, which must then hold one to look into; `[]` is an
    array whose items are not checked (it may be empty, as on a number just bought).
    """
    gaps = []
    for key, inner in documented.items():
        if key not in payload:
            gaps.append(f"{path}.{key}")
            continue
        value = payload[key]
        if isinstance(inner, dict) and isinstance(value, dict):
            gaps += documented_gaps(value, inner, f"{path}.{key}")
        elif isinstance(inner, list) and inner:
            if not (isinstance(value, list) and value and isinstance(value[0], dict)):
                gaps.append(f"{path}.{key}[0] (no item to check)")
            else:
                gaps += documented_gaps(value[0], inner[0], f"{path}.{key}[0]")
    return gaps
