"""Template filters of the operators screens: `{% load operator_tags %}`."""

from django import template

register = template.Library()

TONES = 6  # avatar colours in static/css/operators.css, each with white text at ≥ 4.5:1


@register.filter
def avatar_tone(operator_id):
    """Return a stable colour number (0–5) for an operator's initials avatar."""
    return (operator_id or 0) % TONES


@register.filter
def initials(operator):
    """Return the initials IdentityCall sent, else those of the first and last words."""
    if operator.initials:
        return operator.initials
    words = (operator.name or "").split()
    return "".join(word[0] for word in (words[:1] + words[1:][-1:])).upper() or "?"
