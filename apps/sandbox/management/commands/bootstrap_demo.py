"""`make run`'s first-start step: sandbox demo data, a demo user, the sandbox key saved for it,
and the demo recordings' audio kept as the demo user's copies, so their pages have a player."""

import json
import os
import secrets
import tempfile
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from apps.accounts.models import ApiKey, save_api_key
from apps.recordings.ingest.storage import find, keep_copy
from apps.sandbox import demo_audio
from apps.sandbox.models import Project, Recording, demo_account
from apps.sandbox.seed import seed_demo

USERNAME = "demo"


def _demo_password():
    """Return the demo password kept in var/ (mode 0600), creating it on first use."""
    path = settings.VAR_DIR / "demo-credentials.json"
    try:
        return json.loads(path.read_text())["password"]
    except (FileNotFoundError, KeyError, ValueError):
        pass
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"username": USERNAME, "password": password}, handle)
    return password


def keep_demo_audio(user, recordings=None):
    """Keep, as `user`'s copies, the audio of every sandbox recording that will complete and has
    none yet (demo_audio.py makes it); return how many were made. Safe to run again."""
    made = 0
    if recordings is None:
        # The demo user's key is the demo account's: another account's calls are not theirs.
        recordings = Recording.objects.filter(
            fails=False, project__account_id=demo_account()
        ).order_by("id")
    for row in recordings:
        if find(str(row.public_id)) is not None:
            continue
        with tempfile.NamedTemporaryFile(suffix=".wav") as temporary:
            digest = demo_audio.write_wav(row, temporary)
            temporary.flush()
            # The console files a copy under the ids IdentityCall gives (here, the sandbox's).
            recording = SimpleNamespace(public_id=str(row.public_id), id=row.id)
            keep_copy(recording=recording, original_name=demo_audio.file_name(row),
                      sha256=digest, user=user, path=temporary.name)
        made += 1
    return made


class Command(BaseCommand):
    help = "Seed the sandbox, create the demo user if missing and give it the sandbox's full key."

    def handle(self, *args, **options):
        keys = seed_demo()
        password = _demo_password()
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        # Only when the console talks to this sandbox: a real upstream needs the user's own key.
        on_sandbox = "/sandbox/api/v1/public" in settings.IDENTITYCALL_BASE_URL
        if on_sandbox and not ApiKey.objects.filter(user=user).exists():
            projects = Project.objects.filter(account_id=demo_account()).count()
            save_api_key(user, keys["full"], projects_seen=projects)
        if on_sandbox:
            keep_demo_audio(user)
        port = getattr(settings, "CONSOLE_PORT", 8000)
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"  Demo login:  username {USERNAME}  password {password}",
                    f"  Open http://127.0.0.1:{port}/"
                    + (" — the demo user holds the sandbox's full key." if on_sandbox else ""),
                    "  Other sandbox keys: python manage.py sandbox_keys",
                    "",
                ]
            )
        )
