"""Development secrets generated once into var/ so `make run` needs no configuration."""

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def load_or_create(var_dir: Path) -> dict:
    """Return {"secret_key", "field_encryption_key"}, creating var/dev-secrets.json (mode 0600)."""
    path = Path(var_dir) / "dev-secrets.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "secret_key": secrets.token_urlsafe(50),
        "field_encryption_key": Fernet.generate_key().decode(),
    }
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle)
    return values
