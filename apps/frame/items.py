"""One IdentityCall item behind a section's pages: read it (or say it is not found), save or
delete it with the reasons of a refusal on its form, create it once."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.urls import reverse

from apps.frame import form_tokens, list_cache
from apps.frame.errors import describe_error
from apps.frame.form_errors import explain_write_failure
from apps.frame.http import go_to, not_found, repeated_post
from apps.frame.middleware import outcome_for, where_to_check
from apps.identitycall import errors
from apps.identitycall.resources import total_of

# The fields that identify the item a create of unknown outcome may have made (those it sent).
IDENTIFYING = ("name", "phone_number")


class ItemNotFound(Http404):
    """IdentityCall answered 404 for the item a page is about: deleted, or not this key's.

    A view decorated with answers_not_found turns it into the section's not-found page; anywhere
    else it is still a 404.
    """


def read_or_404(read, item_id):
    """Return read(item_id); raise ItemNotFound when IdentityCall answers 404."""
    try:
        return read(item_id)
    except errors.NotFoundError:
        raise ItemNotFound from None


def answers_not_found(noun):
    """Decorate a section's view so that ItemNotFound answers "<Noun> not found" (404), as a page
    linking to the section's list, or as an alert for htmx."""

    def decorate(view):
        @wraps(view)
        def answer(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except ItemNotFound:
                back_url = reverse(f"{request.resolver_match.namespace}:list")
                return not_found(request, noun=noun, back_url=back_url, back_label=f"All {noun}s")

        return answer

    return decorate


def save_or_explain(request, client, form, write, *, done, show_form, lists=None, gone=None,
                    **explain):
    """Return done(result) once IdentityCall accepted write(client), else show_form(status).

    Only a valid post writes (an invalid one is shown again, 422); the cached list it changes
    (`lists`, as for create_once) is forgotten after it. A 404 answers gone() (a delete: it is
    gone already) or else the section's not-found page. Any other failure is explained on the
    form, input kept, by form_errors.explain_write_failure (given `explain`: project_id, action,
    outcome), with a link to where to check when IdentityCall may have applied it anyway.
    """
    if request.method != "POST":
        return show_form(200)
    if not form.is_valid():
        return show_form(422)
    try:
        result = write(client)
    except errors.NotFoundError:
        if gone is None:
            raise ItemNotFound from None
        return gone()
    except errors.IdentityCallError as exc:
        return show_form(explain_write_failure(request, form, exc, **explain))
    if lists:
        list_cache.forget(client, lists)
    return done(result)


def create_once(request, client, form, create, *, lists, done, show_form):
    """Return done(item, token) once IdentityCall created the item, else show_form(status).

    create(client, fields) asks IdentityCall; `lists` names the cached list the new item joins
    (and the URL namespace of its pages, whose list a repeated post falls back to). The form is shown again, input kept, after an invalid or
    refused post. A post whose form token was used already goes where the first one went
    (apps/frame/form_tokens.py) rather than creating a second item; after a first post of
    unknown outcome it first looks for the item in a fresh list, and creates only if it is absent.
    """
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["form_token"]
        if (earlier := form_tokens.claim(request, token)) is not None:
            answer = _answer_repeat(request, client, form, token, earlier, lists, show_form)
            if answer is not None:
                return answer
        try:
            item = create(client, form.create_fields())
            list_cache.forget(client, lists)
        except errors.IdentityCallError as exc:
            status = _create_failed(request, client, form, token, exc, lists)
        else:
            return done(item, token)
    elif request.method == "POST":
        status = 422
    else:
        form.initial["form_token"] = form_tokens.new_token()
    return show_form(status)


def _answer_repeat(request, client, form, token, earlier, lists, show_form):
    """Return the answer to a post whose token was used already; None when it may create."""
    list_url = reverse(f"{lists}:list")
    if earlier["state"] != form_tokens.UNKNOWN:
        return repeated_post(request, earlier, fallback_url=list_url)
    if not form_tokens.take_over(request, token, earlier):
        return repeated_post(request, {"state": form_tokens.PENDING}, fallback_url=list_url)
    try:
        listed = list_cache.cached(client, lists, fresh=True)
    except errors.IdentityCallError as exc:
        form_tokens.mark_unknown(request, token)  # still unknown: the next send looks again
        return show_form(_check_failed(request, form, exc))
    found = _find(listed, form.create_fields())
    if found is None and not getattr(listed, "complete", True):
        # Only the first pages of a longer list were read: absent from them proves nothing.
        form_tokens.mark_unknown(request, token)
        return show_form(_cannot_tell(request, form, listed))
    if found is None:
        return None  # the earlier attempt created nothing: this post creates it
    url = reverse(f"{lists}:detail", args=[found.id])
    label = f"{lists.removesuffix('s').capitalize()} “{found.name}”"
    form_tokens.complete(request, token, url=url, label=label)
    messages.info(
        request,
        f"{label} is in IdentityCall: the earlier attempt created it, so it was not created "
        "again. To create another with the same name, open a new form.",
    )
    return go_to(request, url)


def _find(items, fields):
    """Return the listed item the create `fields` describe (same name, same phone), or None."""

    def normal(value):
        return str(value or "").strip().casefold()

    wanted = {key: normal(fields[key]) for key in IDENTIFYING if key in fields}
    return next(
        (
            item
            for item in items
            if item.id is not None
            and all(normal(getattr(item, key, None)) == value for key, value in wanted.items())
        ),
        None,
    )


def _check_failed(request, form, exc) -> int:
    """Explain on the form that the earlier attempt could not be looked for; return the status."""
    if isinstance(exc, errors.AuthenticationError):
        raise exc
    name = form.cleaned_data["name"]
    form.add_error(
        None,
        f"{describe_error(exc)} The console could not look for “{name}”, which the earlier "
        "attempt may have created, so it sent nothing. Check the list, or send the form again.",
    )
    form.check_link = where_to_check(request, name=name)
    return outcome_for(exc)[0]


def _cannot_tell(request, form, listed) -> int:
    """Explain that a list cut short cannot show whether the earlier attempt created the item."""
    name = form.cleaned_data["name"]
    form.add_error(
        None,
        f"IdentityCall's list has {total_of(listed):,} items, more than the console reads, so it "
        f"cannot tell whether the earlier attempt created “{name}”; it sent nothing. Check the "
        "list, or open a new form to create it anyway.",
    )
    form.check_link = where_to_check(request, name=name)
    return 409


def _create_failed(request, client, form, token, exc, lists) -> int:
    """Explain a failed create on the form; return the status. Keep the token when unsure."""
    if not exc.outcome_unknown:
        form_tokens.release(request, token)  # nothing was created: the same form may go again
        return explain_write_failure(request, form, exc)
    # IdentityCall may have created it: a resend of this form must look for it first.
    form_tokens.mark_unknown(request, token)
    list_cache.forget(client, lists)
    status = explain_write_failure(request, form, exc)
    name = form.cleaned_data["name"]
    form.add_error(
        None,
        f"Sending this form again first looks for “{name}” in IdentityCall and creates it only "
        "if it is not there.",
    )
    return status
