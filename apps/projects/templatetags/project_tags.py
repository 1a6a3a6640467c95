"""Template filters of the projects screens: `{% load project_tags %}`."""

from django import template

from apps.reference.languages import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code):
    """Return "English (en)" for "en"; an unknown code as is; "" for None."""
    return _language_name(code)
