"""What the key page and the save message say of a key's permissions (apps/accounts/key_probe.py).

`rows(known)` feeds the key page's "Read ✓ Write ✗ Delete ✗ · limited to project X" line;
`sentence(known)` the message after saving or verifying the key.
"""

from dataclasses import dataclass

from apps.accounts.key_probe import Known


@dataclass(frozen=True)
class Permission:
    """One permission as shown: its name, and "yes", "no" or "unknown"."""

    name: str
    state: str

    @property
    def mark(self) -> str:
        return {"yes": "✓", "no": "✗"}.get(self.state, "?")

    @property
    def spoken(self) -> str:
        return {"yes": "allowed", "no": "not allowed"}.get(self.state, "not known yet")


def _state(flag) -> str:
    return "unknown" if flag is None else ("yes" if flag else "no")


def rows(known: Known) -> list[Permission]:
    """Return read, write and delete as shown on the key page."""
    flags = (("Read", known.read), ("Write", known.write), ("Delete", known.delete))
    return [Permission(name, _state(flag)) for name, flag in flags]


def scope_text(known: Known) -> str:
    """Return where the key reaches, "" when that is not known."""
    if known.scoped is False:
        return "every project in the account"
    if known.scoped:
        if known.scope_project_name:
            return f"limited to the project “{known.scope_project_name}”"
        return "limited to one project"
    return ""


def page_context(known: Known) -> dict:
    """Return the key page's permissions, reach and whether any permission is unknown."""
    shown = rows(known)
    return {
        "permissions": shown,
        "reach": scope_text(known),
        "permissions_unknown": any(row.state == "unknown" for row in shown),
    }


def _joined(words, last):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def sentence(known: Known) -> str:
    """Return "It can read and write but not delete; it reaches every project in the account."."""
    flags = (("read", known.read), ("write", known.write), ("delete", known.delete))
    allowed = [name for name, flag in flags if flag is True]
    refused = [name for name, flag in flags if flag is False]
    unknown = [name for name, flag in flags if flag is None]
    said = []
    if allowed and refused:
        said.append(f"It can {_joined(allowed, 'and')} but not {_joined(refused, 'or')}")
    elif allowed:
        said.append(f"It can {_joined(allowed, 'and')}")
    elif refused:
        said.append(f"It cannot {_joined(refused, 'or')}")
    where = scope_text(known)
    if where:
        said.append(f"it is {where}" if known.scoped else f"it reaches {where}")
    text = "; ".join(said)
    text = (text[:1].upper() + text[1:] + ".") if text else ""
    if unknown:
        text += (
            f" Whether it can {_joined(unknown, 'or')} is not known yet: the console learns it "
            "from IdentityCall's first answer."
        )
    return text.strip()
