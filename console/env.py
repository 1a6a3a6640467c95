"""Tiny typed readers for settings that come from the environment.

Each reader fails at start-up with ImproperlyConfigured and a sentence naming the variable, so a
misconfigured deployment stops before it serves a single page.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    """Return the variable as a stripped string, the default when unset, or raise when required."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable (see README.md).")
        return default
    return value.strip()


def env_bool(name, default=False):
    """Return the variable read as a boolean (1/0, true/false, yes/no, on/off)."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default, *, minimum=None):
    """Return the variable as an integer no smaller than minimum."""
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_float(name, default, *, minimum=0.0):
    """Return the variable as a number no smaller than minimum."""
    value = env_str(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name, default=(), *, required=False):
    """Return the variable split on commas, without blanks."""
    value = env_str(name, required=required)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
