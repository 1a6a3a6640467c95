"""Tolerant converters from JSON values to Python values, shared by every resource."""

from datetime import UTC, datetime


def as_int(value):
    """Return `value` as an int; None when it is missing or not a whole number."""
    if type(value) is int:  # the usual case first: a transcript converts thousands of these
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def as_float(value):
    """Return `value` as a float; None when it is missing or not a number."""
    if type(value) is float:  # the usual case first (emotion scores, eight per dialogue)
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def as_str(value):
    """Return `value` as a string (numbers converted); None when missing or not scalar."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def as_bool(value):
    """Return `value` when it is a real boolean, else None."""
    return value if isinstance(value, bool) else None


def as_id(value):
    """Return an identifier as given (int or string), normalising numeric strings to int."""
    number = as_int(value)
    return number if number is not None else as_str(value)


def as_datetime(value):
    """Return an aware datetime from an ISO 8601 string (Z, fractions, offsets); None if invalid."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    # The docs say every timestamp is UTC; a missing offset is read that way.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_strs(value):
    """Return a tuple of strings from a list; () for null or any other type."""
    if not isinstance(value, list):
        return ()
    return tuple(text for text in map(as_str, value) if text is not None)


def as_ints(value):
    """Return a tuple of ints from a list; () for null or any other type."""
    if not isinstance(value, list):
        return ()
    return tuple(number for number in map(as_int, value) if number is not None)


def as_many(value, parse):
    """Return a tuple of `parse(item)` for each object in a list; () for null or any other type."""
    if not isinstance(value, list):
        return ()
    return tuple(parse(item) for item in value if isinstance(item, dict))


def as_dict(value):
    """Return `value` when it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def count_of(data, count_key, items_key):
    """Return `data[count_key]`, else the length of the `items_key` list, else None."""
    if count_key in data:
        return as_int(data.get(count_key))
    items = data.get(items_key)
    return len(items) if isinstance(items, list) else None
