"""Put IdentityCall's answers to a form post onto the form, so the user's input stays in place."""

from apps.frame.errors import WRITE, describe_error, refused_for
from apps.frame.key_hints import explain_refusal
from apps.frame.middleware import outcome_for, where_to_check
from apps.identitycall import errors


def _split(message: str, fields) -> tuple[str | None, str]:
    """Return (field the message starts with, what it says about it) or (None, message).

    IdentityCall docs gap: a 422 is documented only as `{"errors": ["Field 1 is invalid", ...]}`
    (docs/api-decisions.md, "Error bodies"); the field is taken to be the message's first words,
    written `retention_days` or "Retention days" (the longest matching field name wins).
    """
    lowered = message.lower()
    for field in sorted(fields, key=len, reverse=True):
        for spelling in (field, field.replace("_", " ")):
            after = lowered[len(spelling) : len(spelling) + 1]
            if lowered.startswith(spelling) and after in (" ", ":", ""):
                return field, message[len(spelling) :].lstrip(" :")
    return None, message


def add_api_errors(form, exc: errors.ValidationError, fields=None) -> None:
    """Attach each message of a 422 to the field it names; the rest become non-field errors.

    `fields` maps API field names to form field names (default: the same names).
    """
    mapping = fields or {name: name for name in form.fields}
    messages = exc.errors or [describe_error(exc, writing=True)]
    for message in messages:
        api_field, rest = _split(message, mapping)
        form_field = mapping.get(api_field)
        if form_field in form.fields and rest:
            # Said with the label the user sees: "Name has already been taken".
            label = form.fields[form_field].label or form_field.replace("_", " ").capitalize()
            form.add_error(form_field, f"{label} {rest}")
        else:
            form.add_error(None, message)


KEPT = "Nothing was saved; your entries are kept below."


def explain_write_failure(
    request,
    form,
    exc: errors.IdentityCallError,
    *,
    project_id=None,
    action=None,
    outcome=KEPT,
) -> int:
    """Put why a write failed on form (input kept); return the status to answer with.

    A rejected key (401) is re-raised for the middleware; a 404 is the caller's to handle.
    A refusal (403) is worded by key_hints.explain_refusal (with `project_id` and `action`) and
    followed by `outcome`, what it left untouched, unless it is the read-only sentence `action`
    makes, which already says what to do. When IdentityCall may have applied the write anyway, the
    form links to where to check (the item's page, or the section's list filtered to the name
    typed in the form) as `form.check_link`.
    """
    if isinstance(exc, (errors.AuthenticationError, errors.NotFoundError)):
        raise exc
    if isinstance(exc, (errors.ValidationError, errors.BadRequestError)):
        add_api_errors(form, exc)
        return 422
    if isinstance(exc, errors.PermissionDeniedError):
        why = explain_refusal(request, exc, action=action, project_id=project_id)
        says_what_to_do = action is not None and refused_for(exc) == WRITE
        form.add_error(None, why if says_what_to_do else f"{why} {outcome}")
        return 403
    if isinstance(exc, errors.ConflictError):
        form.add_error(None, f"{describe_error(exc)} {outcome}")
        return 409
    form.add_error(None, describe_error(exc, writing=True))
    if exc.outcome_unknown:
        form.check_link = where_to_check(request, name=typed_name(form))
    return outcome_for(exc)[0]


def typed_name(form) -> str | None:
    """Return the name the form's user typed (a create's name, a delete's confirmation)."""
    data = getattr(form, "cleaned_data", None) or {}
    return data.get("name") or data.get("confirm_name") or None
