"""The contract tests' world: the sandbox served over real HTTP by the live server, and clients.

The live server runs in a thread of this process, so settings changed with `settings` and module
constants patched with `monkeypatch` reach it, and its locmem cache is the one cleared here.
Every test that reaches the live server is marked
`django_db(transaction=True, available_apps=SANDBOX_APPS)` (see contract_support).
"""

import pytest
import requests
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.urls import resolve

from apps.identitycall.client import IdentityCallClient
from apps.sandbox.seed import seed_demo, seed_many


@pytest.fixture(scope="session", autouse=True)
def _import_every_url_module():
    """Import the URLconf (and so every app's views and models) while all apps are installed.

    `available_apps` hides the console's apps during a test, and a model module first imported
    then, by the live server's first request, would not find its app.
    """
    resolve("/sandbox/api/v1/public/projects")


@pytest.fixture(scope="module", autouse=True)
def _restore_content_types_and_permissions(django_db_setup, django_db_blocker):
    """Recreate what the `available_apps` flushes removed, for the test modules that follow."""
    yield
    with django_db_blocker.unblock():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def base_url(live_server, transactional_db):
    """The sandbox's API root on the live server."""
    return f"{live_server.url}/sandbox/api/v1/public"


@pytest.fixture
def keys(base_url):
    """The demo account, seeded; returns its keys: full, read_only and project_scoped."""
    return seed_demo()


# Extra projects, operators, numbers and GB local offers when lists are paged: more than a page.
PAGED_EXTRA = 25


@pytest.fixture(params=[False, True], ids=["unpaged", "paged"])
def list_paging(request, settings, keys):
    """Run the test against both readings of the docs: the four short lists as one array without
    `meta` (their own pages; docs/api-decisions.md, "Lists and pagination"), and paged by 20 with `meta` (the API overview), with
    PAGED_EXTRA more of each seeded so the lists run to a second page. Returns True when paged."""
    settings.SANDBOX_PAGINATE_LISTS = request.param
    if request.param:
        seed_many(PAGED_EXTRA)
    return request.param


@pytest.fixture
def sleeps():
    """The backoff delays a client asked for, instead of sleeping."""
    return []


@pytest.fixture
def connect(base_url, sleeps):
    """Return connect(key, **options): a client for the sandbox on its own session."""
    sessions = []

    def build(key, **options):
        session = requests.Session()
        sessions.append(session)
        options.setdefault("sleep", sleeps.append)
        return IdentityCallClient(key, base_url=base_url, session=session, **options)

    yield build
    for session in sessions:
        session.close()


@pytest.fixture
def api(keys, connect):
    """A client with the demo account's account-wide key (read, write, delete)."""
    return connect(keys["full"])


@pytest.fixture
def fetch(base_url):
    """Return fetch(method, path, key, **kwargs): the raw `requests` response from the sandbox."""
    with requests.Session() as session:

        def send(method, path, key=None, **kwargs):
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            return session.request(method, base_url + path, headers=headers, timeout=10, **kwargs)

        yield send
