"""Language choices for project forms: the documented codes first, then other ISO 639-1 codes."""

from django.conf.locale import LANG_INFO

# The twelve codes of IdentityCall's recordings create page, in its order.
DOCUMENTED = (
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("ru", "Russian"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("zh", "Chinese"),
)

# IdentityCall docs conflict: the create page lists twelve codes, the FAQ claims 100+ languages and
# project examples use `lt`; the console offers any two-letter ISO 639-1 code it can name.
OTHERS = tuple(
    sorted(
        (
            (code, info["name"])
            for code, info in LANG_INFO.items()
            if len(code) == 2 and "name" in info and code not in dict(DOCUMENTED)
        ),
        key=lambda choice: choice[1],
    )
)
NAMES = dict(DOCUMENTED + OTHERS)


def language_choices(current=None, *, blank=None):
    """Return grouped choices, keeping `current` even when unknown; `blank` labels an empty one."""
    choices = []
    if blank:
        choices.append(("", blank))
    if current and current not in NAMES:
        choices.append((current, f"{current} (set in IdentityCall)"))
    choices += [("Documented languages", list(DOCUMENTED)), ("Other languages", list(OTHERS))]
    return choices


def language_name(code) -> str:
    """Return "English (en)" for "en", or the code itself when unknown; "" for None."""
    if not code:
        return ""
    return f"{NAMES[code]} ({code})" if code in NAMES else code
