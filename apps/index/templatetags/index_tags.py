"""`{% load index_tags %}`: a line with the searched words marked, and times as m:ss."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()
_WORD = re.compile(r"\w+")


@register.filter
def marked(text, words):
    """Return `text` escaped, with every word that starts with one of `words` in <mark>."""
    if not words:
        return escape(text)
    stems = tuple(word.lower() for word in words)
    parts, last = [], 0
    for found in _WORD.finditer(text):
        if found.group().lower().startswith(stems):
            parts += [escape(text[last:found.start()]), "<mark>", escape(found.group()), "</mark>"]
            last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece of the text is escaped above)


@register.filter
def clock(ms):
    """Return milliseconds as m:ss (h:mm:ss past an hour); "" when unknown."""
    if ms is None:
        return ""
    seconds = int(ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@register.filter
def pair(first, second):
    """Return (first, second), to loop over two cells alike."""
    return (first, second)


@register.filter
def bar(value):
    """Return a 0–100 value ("61%", 55.0) as the width of a bar in a 100-wide SVG; None if none."""
    try:
        number = float(str(value).rstrip("%"))
    except ValueError:
        return None
    return max(0.0, min(100.0, number))
