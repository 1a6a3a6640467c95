"""What the client tells its `on_write` hook after every write: one WriteEvent.

The console's activity trail is written from these (apps.accounts.clients hands the client a
recorder from apps.audit), but the client knows nothing of it: the hook is just a callable.
"""

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from .errors import IdentityCallError


@dataclass(frozen=True, slots=True)
class WriteEvent:
    """One POST, PATCH or DELETE the client made, and how it ended; never a key or a body.

    `operation` is the client method's name ("create_project"); `resource_id` is what the write
    targeted, or what it created (None when a create failed). `status` is the HTTP status
    answered, None when no answer arrived; `error` is the IdentityCallError the caller got, None
    on success. `detail` holds the few non-secret facts worth keeping: a name, a file's name and
    size, the names (never the values) of the fields changed.
    """

    method: str
    operation: str
    resource_type: str
    resource_id: Any = None
    status: int | None = None
    error: IdentityCallError | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "detail", MappingProxyType(dict(self.detail)))

    @property
    def succeeded(self) -> bool:
        """Return True when IdentityCall answered the write with a 2xx the client could read."""
        return self.error is None
