"""Reading request bodies and checking fields; every message starts with the field's name."""

import json

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .responses import ApiError

# ISO 639-1. IdentityCall docs gap: the create page lists twelve codes, the FAQ claims 100+ and
# project examples use `lt`, so any ISO 639-1 code is accepted.
LANGUAGES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy
    hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li
    ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa
    pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th
    ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)
# IdentityCall docs gap: local-format phone numbers are read as US numbers.
DEFAULT_REGION = "US"
MAX_NAME = 255


def json_body(request):
    """Return the request's JSON object ({} when empty), or raise 400."""
    if not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Request body must be valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return body


def normalise_phone(value):
    """Return the number in E.164, or None when it is not a valid phone number."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value.strip(), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    # IdentityCall docs gap: how strict the check is, is undocumented. The docs' own examples
    # (+15551234567, +15555550199) use the unassigned 555 area code, so a number only has to be
    # possible (the right length for its country), not assigned.
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Checker:
    """Collects field errors from one body; `done()` raises 422 `{"errors": [...]}` if any."""

    def __init__(self, body):
        self.body = body
        self.errors = []
        self.values = {}

    def present(self, field):
        return field in self.body

    def fail(self, message):
        self.errors.append(message)

    def done(self):
        if self.errors:
            raise ApiError(422, messages=self.errors)
        return self.values

    def text(self, field, *, required=False, nullable=True, max_length=MAX_NAME):
        """Check a string; blank means null where null is allowed, else an error."""
        if not self.present(field):
            if required:
                self.fail(f"{field} is required")
            return
        value = self.body[field]
        if value is not None and not isinstance(value, str):
            self.fail(f"{field} must be a string")
            return
        value = (value or "").strip()
        if not value:
            if required:
                self.fail(f"{field} is required")
            elif not nullable:
                self.fail(f"{field} can't be blank")
            else:
                self.values[field] = None
            return
        if max_length and len(value) > max_length:
            self.fail(f"{field} is too long (maximum is {max_length} characters)")
            return
        self.values[field] = value

    def language(self, field, *, required=False, nullable=True):
        if not self.present(field):
            if required:
                self.fail(f"{field} is required")
            return
        value = self.body[field]
        if value is None and nullable and not required:
            self.values[field] = None
            return
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{field} is required" if required else f"{field} must be a language code")
            return
        code = value.strip().lower()
        if code not in LANGUAGES:
            self.fail(f"{field} must be a two-letter ISO 639-1 language code")
            return
        self.values[field] = code

    def boolean(self, field):
        if not self.present(field):
            return
        value = self.body[field]
        if not isinstance(value, bool):
            self.fail(f"{field} must be true or false")
            return
        self.values[field] = value

    def integer(self, field, *, minimum=None, maximum=None, nullable=True):
        if not self.present(field):
            return
        value = self.body[field]
        if value is None and nullable:
            self.values[field] = None
            return
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value)
            else:
                self.fail(f"{field} must be an integer")
                return
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.fail(_range_message(field, minimum, maximum))
            return
        self.values[field] = value

    def number(self, field, *, minimum=None, maximum=None, nullable=True):
        if not self.present(field):
            return
        value = self.body[field]
        if value is None and nullable:
            self.values[field] = None
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{field} must be a number")
            return
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.fail(_range_message(field, minimum, maximum))
            return
        self.values[field] = float(value)

    def choice(self, field, options):
        if not self.present(field):
            return
        value = self.body[field]
        if value not in options:
            self.fail(f"{field} must be one of {', '.join(options)}")
            return
        self.values[field] = value

    def phone(self, field, *, required=False):
        if not self.present(field) or self.body[field] in (None, ""):
            if required:
                self.fail(f"{field} is required")
            return
        normalised = normalise_phone(self.body[field])
        if normalised is None:
            self.fail(f"{field} is not a valid phone number")
            return
        self.values[field] = normalised

    def email(self, field):
        if not self.present(field):
            return
        value = self.body[field]
        if value is None or (isinstance(value, str) and not value.strip()):
            self.values[field] = None
            return
        if not isinstance(value, str):
            self.fail(f"{field} must be a string")
            return
        try:
            validate_email(value.strip())
        except ValidationError:
            self.fail(f"{field} is not a valid email address")
            return
        self.values[field] = value.strip()


def _range_message(field, minimum, maximum):
    if minimum is not None and maximum is not None:
        return f"{field} must be between {minimum:g} and {maximum:g}"
    if minimum is not None:
        return f"{field} must be at least {minimum:g}"
    return f"{field} must be at most {maximum:g}"


def positive_int(value):
    """Return value as an int ≥ 1, or None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None
