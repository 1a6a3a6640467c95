"""Searching the provider's inventory and buying a number, at most once per confirmation."""

from django.contrib import messages
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.clients import client_for
from apps.frame.errors import describe_error, rate_limit_sentence
from apps.frame.http import go_to, render_page
from apps.frame.key_hints import explain_refusal
from apps.frame.middleware import outcome_for
from apps.identitycall import errors
from apps.reference.countries import country_name, needs_requirement_group
from apps.reference.phones import format_phone
from apps.virtual_numbers import purchase_tokens as tokens
from apps.virtual_numbers import search
from apps.virtual_numbers.forms import OfferForm, PurchaseForm, SearchForm

# Status of the page explaining why a POST did not buy anything (or bought earlier).
STATE_STATUS = {
    tokens.BOUGHT: 200,
    tokens.IN_PROGRESS: 409,
    tokens.UNCERTAIN: 502,
    tokens.EXPIRED: 410,
    tokens.FOREIGN: 403,
    tokens.UNKNOWN: 400,
}


@require_GET
def available(request):
    form = SearchForm.from_query(request.GET)
    context = {"form": form, "searched": "country" in request.GET}
    status = 200
    if context["searched"] and form.is_valid():
        wanted = form.cleaned_data
        client = client_for(request.user)
        try:
            offers = search.search(client, request.user, wanted["country"], wanted["number_type"])
        except (errors.ValidationError, errors.BadRequestError) as exc:
            context["search_error"] = describe_error(exc)
            status = 422
        else:
            context["result"] = search.narrow(offers, wanted["region"], wanted["feature"])
    return render_page(
        request, "virtual_numbers/available.html", context, partial="results", status=status
    )


@require_http_methods(["GET", "POST"])
def purchase_confirm(request):
    client = client_for(request.user)
    if request.method == "POST":
        return purchase(request, client)
    offer_form = OfferForm.from_query(request.GET)
    if not offer_form.is_valid():
        return go_to(request, reverse("virtual_numbers:available"), level=messages.INFO,
                     message="Choose a number from a search first.")
    phone, country, number_type = (offer_form.cleaned_data[k] for k in OfferForm.base_fields)
    earlier = tokens.earlier_attempt(request.user, phone)
    if earlier is not None:
        state = settle(client, earlier, request.user)
        if state in (tokens.BOUGHT, tokens.IN_PROGRESS):
            return render_state(request, earlier, state)
    offer = search.find_offer(search.search(client, request.user, country, number_type), phone)
    if offer is None:
        context = {
            "gone": True,
            "phone_number": phone,
            "search_url": search_url(country, number_type),
        }
        return render_page(request, "virtual_numbers/confirm.html", context, status=404)
    token = tokens.issue(request.user, offer, number_type)
    form = purchase_form(token, initial={"token": token.token})
    return render_confirm(request, token, form, earlier_uncertain=earlier is not None)


def purchase(request, client):
    """Claim the posted token, then buy; every replay of the token learns the first outcome."""
    token = tokens.find(request.POST.get("token"))
    state = settle(client, token, request.user, wait=True)
    if state != tokens.FRESH:
        return render_state(request, token, state)
    form = purchase_form(token, data=request.POST)
    if not form.is_valid():
        return render_confirm(request, token, form, status=422)
    state = tokens.claim(token, request.user)
    if state != tokens.CLAIMED:
        return render_state(request, token, settle(client, token, request.user, wait=True))
    offer = tokens.offer_of(token)
    try:
        number = client.purchase_number(
            token.phone_number,
            country_code=offer.country_code,
            number_type=offer.number_type,
            name=form.cleaned_data["name"],
            requirement_group_id=form.cleaned_data["requirement_group_id"],
            upfront_cost=offer.upfront_cost,
            monthly_cost=offer.monthly_cost,
        )
    except errors.IdentityCallError as exc:
        return purchase_failed(request, token, form, exc)
    finally:
        search.forget(request.user, offer.country_code, offer.number_type)
    if number.id is None:
        tokens.mark_uncertain(token)
        return render_state(request, token, tokens.UNCERTAIN)
    tokens.complete(token, number.id)
    label = f"“{number.name}”" if number.name else "it"
    return go_to(request, reverse("virtual_numbers:detail", args=[number.id]),
                 message=f"Bought {format_phone(number.phone_number)}; {label} is ready.")


def purchase_failed(request, token, form, exc):
    """Return the page for a failed purchase; release the token only when nothing was bought."""
    if exc.outcome_unknown:
        # Lost after sending, a 5xx or an unreadable 2xx: the purchase may have gone through.
        # Keep the token used so nothing can buy twice; a resend checks the numbers list first.
        tokens.mark_uncertain(token)
        return render_state(request, token, tokens.UNCERTAIN)
    # A definite refusal, or a request that never left: the same confirmation may be sent again.
    tokens.release(token)
    if isinstance(exc, errors.AuthenticationError):
        raise exc  # the middleware explains a rejected key and links to the key page
    status, problem = explain(request, exc, form, tokens.offer_of(token))
    return render_confirm(request, token, form, status=status, problem=problem)


def explain(request, exc, form, offer):
    """Return (status, {title, text, ...}) for a definite refusal; may add a field error."""
    said = " ".join([exc.message or "", *exc.errors]).lower()
    country = country_name(offer.country_code)
    if isinstance(exc, errors.PermissionDeniedError):
        text = explain_refusal(request, exc, action="buy numbers")
        return 403, {"title": "Your API key cannot buy numbers", "text": text, "key_link": True}
    if isinstance(exc, errors.RateLimitError):
        text = rate_limit_sentence(exc, outcome="nothing was bought")
        return 429, {"title": "Too many requests", "text": text}
    if isinstance(exc, (errors.TransportError, errors.ConflictError)):
        return unsent_or_conflict(exc)
    if "requirement" in said:
        form.add_error(
            "requirement_group_id", f"Enter the ID of an approved requirement group for {country}."
        )
        text = (
            f"Numbers in {country} can only be bought with an approved regulatory requirement "
            "group: proof of a local address or business, kept by IdentityCall. Create one in "
            "the IdentityCall dashboard (it is reviewed before approval), enter its ID below and "
            "buy again. Nothing was bought."
        )
        return 422, {"title": "A regulatory requirement group is needed", "text": text}
    if "not available" in said or isinstance(exc, errors.NotFoundError):
        text = "Someone else bought it, or the provider withdrew it. Nothing was bought."
        return 409, {"title": "This number is no longer available", "text": text, "search": True}
    return 422, {
        "title": "IdentityCall did not accept the purchase",
        "text": "Nothing was bought. Check the details below and try again.",
        "details": exc.errors or [exc.message],
    }


def unsent_or_conflict(exc):
    """Return (status, problem) for a purchase that never left, or that a 409 refused."""
    if isinstance(exc, errors.ConflictError):
        text = f"{describe_error(exc)} Nothing was bought."
        return 409, {"title": "IdentityCall refused the purchase", "text": text, "search": True}
    # Only a TransportError that was never sent gets here; purchase_failed kept the others.
    text = f"{describe_error(exc, writing=True, outcome='nothing was bought')} Try again."
    return outcome_for(exc)[0], {"title": "IdentityCall is unreachable", "text": text}


def settle(client, token, user, *, wait=False):
    """Return the token's state, resolving an unanswered purchase from the numbers list."""
    state = tokens.state_of(token, user)
    if state == tokens.IN_PROGRESS and wait:
        state = tokens.wait_for_outcome(token, user)
    if state == tokens.UNCERTAIN:
        bought = next(
            (n for n in client.list_virtual_numbers() if n.phone_number == token.phone_number), None
        )
        if bought is not None and bought.id is not None:
            tokens.complete(token, bought.id)
            return tokens.BOUGHT
    return state


def purchase_form(token, **kwargs):
    """Return the confirmation form for the token's offer."""
    country = tokens.offer_of(token).country_code
    return PurchaseForm(
        requirement_required=needs_requirement_group(country), country=country, **kwargs
    )


def render_confirm(request, token, form, *, status=200, problem=None, earlier_uncertain=False):
    offer = tokens.offer_of(token)
    context = {
        "offer": offer,
        "form": form,
        "problem": problem,
        "earlier_uncertain": earlier_uncertain,
        "requirement_required": needs_requirement_group(offer.country_code),
        "search_url": search_url(offer.country_code, offer.number_type),
    }
    return render_page(request, "virtual_numbers/confirm.html", context, status=status)


def render_state(request, token, state):
    """Return the page saying what became of an earlier use of this confirmation."""
    if state == tokens.FRESH:
        # The attempt this request waited for was refused and released: nothing was bought.
        form = purchase_form(token, data=request.POST)
        form.is_valid()
        problem = {
            "title": "Not bought",
            "text": "IdentityCall refused the first attempt with this confirmation, so nothing "
            "was bought. Check the details and buy again.",
        }
        return render_confirm(request, token, form, status=409, problem=problem)
    offer = tokens.offer_of(token) if token is not None and state != tokens.FOREIGN else None
    context = {
        "state": state,
        "token": token if state != tokens.FOREIGN else None,
        "offer": offer,
        "search_url": search_url(offer.country_code, offer.number_type) if offer else None,
    }
    return render_page(
        request, "virtual_numbers/purchase_state.html", context, status=STATE_STATUS[state]
    )


def search_url(country, number_type):
    """Return the search page URL for a country and number type."""
    if not country:
        return reverse("virtual_numbers:available")
    return (
        f"{reverse('virtual_numbers:available')}?country={country}&number_type={number_type or ''}"
    )
