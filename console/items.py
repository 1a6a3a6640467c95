"""One IdentityCall item behind a section's pages (projects, operators): read it, create it once."""

from apps.identitycall import cache as list_cache
from apps.identitycall import errors
from apps.identitycall.service import client_for
from apps.projects import form_tokens
from apps.projects.form_errors import explain_write_failure
from apps.projects.http import repeated_post


def read_or_none(read, item_id):
    """Return read(item_id), or None when IdentityCall answers 404 (deleted, or not this key's)."""
    try:
        return read(item_id)
    except errors.NotFoundError:
        return None


def create_once(request, form, create, *, lists, list_url, done, show_form):
    """Return done(item, token) once IdentityCall created the item, else show_form(status).

    create(client, fields) asks IdentityCall; `lists` names the cached list the new item joins. The
    form is shown again, input kept, after an invalid or refused post. A post whose form token was
    used already goes where the first one went (apps/projects/form_tokens.py) rather than creating
    a second item.
    """
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["form_token"]
        if previous := form_tokens.claim(request, token):
            return repeated_post(request, previous, fallback_url=list_url)
        client = client_for(request.user)
        try:
            item = create(client, form.create_fields())
            list_cache.forget(client, lists)
        except errors.IdentityCallError as exc:
            form_tokens.release(request, token)
            status = explain_write_failure(request, form, exc)
        else:
            return done(item, token)
    elif request.method == "POST":
        status = 422
    else:
        form.initial["form_token"] = form_tokens.new_token()
    return show_form(status)
