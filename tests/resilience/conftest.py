import functools

import pytest


@pytest.fixture(autouse=True)
def sleeps(monkeypatch):
    """Record the client's backoff sleeps instead of waiting them out."""
    from apps.accounts import clients as service
    from apps.identitycall import client

    slept = []
    monkeypatch.setattr(
        service, "IdentityCallClient",
        functools.partial(client.IdentityCallClient, sleep=slept.append),
    )
    return slept


@pytest.fixture(autouse=True)
def private_dirs(settings, tmp_path):
    """Uploads land in this test's own folders."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "incoming")
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "incoming").mkdir()
