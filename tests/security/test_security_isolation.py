"""One user never sees or uses another's key or audio; keys never reach the database file in clear;
`next=` never sends anyone off the site."""

import hashlib
import json
import re

import pytest
from django.db import connection
from django.test import Client

from apps.identitycall.resources import Recording
from apps.recordings.ingest.storage import keep_copy
from tests.accounts.probes import answer_probes
from tests.factories import BASE, KEY, OTHER_KEY, give_key, make_user
from tests.operators.conftest import operator_json
from tests.recordings.conftest import recording_json
from tests.security.fake_world import REF, console_urls, plant
from tests.virtual_numbers.builders import detail_json

HOSTILE = ["//evil.example", "https://evil.example/x", "/\\evil.example", "javascript:alert(1)"]


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ada(db):
    user = make_user("ada")
    give_key(user, KEY)
    return user


@pytest.fixture
def bob(db):
    user = make_user("bob")
    give_key(user, OTHER_KEY)
    return user


def test_one_users_key_is_never_shown_or_used_for_another(ada, bob, upstream):
    plant(upstream, "Plain text")
    bobs = _client_for(bob)
    shown = []
    for name, path in console_urls():
        if name in ("accounts:logout", "recordings:upload_file"):
            continue
        body = bobs.get(path).content.decode(errors="replace")
        # The last four alone ("abcd") turn up by chance in random hex tokens; the masked form,
        # or any longer run of the key, does not.
        if f"…{KEY[-4:]}" in body or KEY[-8:] in body:
            shown.append(name)
    assert shown == []
    assert f"…{OTHER_KEY[-4:]}" in bobs.get("/settings/api-key/").content.decode()
    assert len(upstream.calls) > 10
    assert {call.request.headers["Authorization"] for call in upstream.calls} == {
        f"Bearer {OTHER_KEY}"
    }


@pytest.fixture
def adas_audio(ada, tmp_path, settings):
    """Audio ada uploaded through the console, kept as the recording's copy."""
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "call.wav"
    source.write_bytes(b"RIFF" + b"\0" * 2048)
    keep_copy(recording=Recording(id=1001, public_id=REF), path=str(source),
              original_name="call.wav", sha256=hashlib.sha256(source.read_bytes()).hexdigest(),
              user=ada)


def _recording_readable_only_by(upstream, key):
    def answer(request):
        if request.headers["Authorization"] == f"Bearer {key}":
            return 200, {}, json.dumps({"data": recording_json(id=1001, public_id=REF)})
        return 404, {}, json.dumps({"error": "Resource not found"})

    upstream.add_callback("GET", f"{BASE}/recordings/{REF}", callback=answer)


def test_another_users_stored_audio_is_not_served(ada, bob, adas_audio, upstream):
    _recording_readable_only_by(upstream, KEY)

    assert _client_for(ada).get(f"/recordings/{REF}/audio").status_code == 200
    response = _client_for(bob).get(f"/recordings/{REF}/audio")

    # The console's not-found page, never a byte of ada's audio (it starts "RIFF").
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert b"It may have been deleted" in response.content
    assert b"RIFF" not in response.content
    assert upstream.calls[-1].request.headers["Authorization"] == f"Bearer {OTHER_KEY}"


def test_a_key_saved_through_the_key_page_is_not_in_the_database_in_clear(transactional_db,
                                                                        upstream):
    user = make_user("carol")
    client = _client_for(user)
    upstream.get(f"{BASE}/projects", json={"data": []})
    answer_probes(upstream)  # what the key may do (apps/accounts/key_probe.py)
    response = client.post("/settings/api-key/", {"api_key": KEY})
    assert response.status_code == 302
    assert user.api_key.last_four == KEY[-4:]
    ciphertext = user.api_key.ciphertext

    if connection.vendor == "sqlite":
        connection.close()  # flush to the file; the test database is a file (settings/test.py)
        name = connection.settings_dict["NAME"]
        data = open(name, "rb").read()
        for suffix in ("-wal", "-journal"):
            try:
                data += open(name + suffix, "rb").read()
            except FileNotFoundError:
                pass
        assert ciphertext.encode() in data  # the row really is in the file: committed, encrypted
        assert KEY.encode() not in data
        assert KEY[4:-4].encode() not in data
    else:
        everything = _every_text_column()
        assert ciphertext in everything
        assert KEY[4:-4] not in everything


def _every_text_column():
    """Return every text value of every table, joined (for databases that are not one file)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            found += [str(value) for row in cursor.fetchall() for value in row]
    return "\n".join(found)


def _writes(upstream):
    """Answer every write the way a successful IdentityCall would."""
    recording = recording_json(id=1001, public_id=REF)
    upstream.add(upstream.PATCH, f"{BASE}/recordings/{REF}", json={"data": recording})
    upstream.add(upstream.DELETE, f"{BASE}/recordings/{REF}", status=204)
    upstream.add(upstream.PATCH, f"{BASE}/operators/22", json={"data": operator_json(id=22)})
    removal = re.compile(f"{re.escape(BASE)}/virtual_numbers/9/remove_operator.*")
    upstream.add(upstream.DELETE, removal, json={"data": detail_json(id=9)})
    upstream.get(f"{BASE}/virtual_numbers/9", json={"data": detail_json(id=9)})
    upstream.get(f"{BASE}/projects", json={"data": []})  # verifying a key before saving it
    answer_probes(upstream)  # and learning what it may do (apps/accounts/key_probe.py)


# Each write that follows `next`, with the form it is posted.
FOLLOWS_NEXT = [
    (f"/recordings/{REF}/rename/", {"name": "New name"}),
    (f"/recordings/{REF}/delete/", {"place": "list", "name": "Call"}),
    ("/operators/22/active/", {"active": "true"}),
    ("/numbers/9/operators/22/remove/", {}),
    ("/settings/api-key/", {"api_key": OTHER_KEY}),
]


@pytest.mark.parametrize("target", HOSTILE)
@pytest.mark.parametrize(("path", "form"), FOLLOWS_NEXT)
def test_a_write_never_redirects_off_site_through_next(ada, upstream, path, form, target):
    _writes(upstream)
    response = _client_for(ada).post(path, {**form, "next": target})
    assert response.status_code in (302, 303), response.status_code
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location and "javascript" not in location


@pytest.mark.parametrize(("path", "form"), FOLLOWS_NEXT)
def test_a_write_follows_a_same_site_next(ada, upstream, path, form):
    _writes(upstream)
    response = _client_for(ada).post(path, {**form, "next": "/projects/?page=2"})
    assert response["Location"] == "/projects/?page=2"
