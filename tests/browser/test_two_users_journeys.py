"""Two people, two keys, one console: what one does never costs the other their audio.

Ada holds the sandbox's full account-wide key; Bob the project-scoped key, which sees only the
"Customer Support EN" project. Each signs in in a browser context of their own.
"""

import re
import struct

import pytest
from playwright.sync_api import expect

from apps.recordings.models import StoredAudio
from apps.sandbox.models import Recording as SandboxRecording
from tests.browser.a11y import settled_violations
from tests.browser.conftest import PASSWORD, sign_in_with

pytestmark = pytest.mark.django_db(transaction=True)

SCOPED_PROJECT = "Customer Support EN"


def small_wav(salt, seconds=2, rate=8000):
    """Return a valid mono 16-bit PCM WAV file of silence (salt makes distinct contents)."""
    frames = b"\x00\x00" * rate * seconds + salt
    header = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(frames)) + frames


@pytest.fixture
def second_tab(chromium, live_server):
    """A tab in a browser context of its own (its own cookies), checked like the `page` tab."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on("console", lambda message: problems.append(f"console: {message.text}")
           if message.type == "error" and "Content Security Policy" in message.text else None)
    tab.set_default_timeout(10_000)
    yield tab
    try:
        a11y = settled_violations(tab)
        url = tab.url
    finally:
        context.close()
    assert not problems, problems
    assert not a11y, f"accessibility violations on {url}:\n" + "\n".join(a11y)


@pytest.fixture
def bob(django_user_model, second_tab, sandbox):
    """Bob's tab, signed in with the project-scoped key."""
    user = django_user_model.objects.create_user("bob", password=PASSWORD)
    return sign_in_with(second_tab, user, sandbox["project_scoped"])


def upload(page, *, project, name, content, external_id=""):
    """Upload one file through the upload page; return the recording's ref from its link."""
    page.goto("/recordings/upload/")
    choice = page.get_by_label("Project")
    if choice.is_enabled():  # a project-scoped key has one project, chosen already
        choice.select_option(label=project)
    expect(choice.locator("option:checked")).to_have_text(project)
    page.get_by_label("Name").fill(name)
    if external_id:
        page.get_by_label("External ID").fill(external_id)
    page.get_by_label("Audio files").set_input_files(
        [{"name": "call.wav", "mimeType": "audio/wav", "buffer": content}]
    )
    page.get_by_role("button", name="Upload").click()
    link = page.locator("#upload-queue").get_by_role("link", name=re.compile("^open “"))
    expect(link).to_be_visible(timeout=15_000)
    return re.fullmatch(r"/recordings/([^/]+)/", link.get_attribute("href")).group(1)


def csrf_token(page):
    """Return the CSRF token of the page the tab shows (every page has one, for Log out)."""
    return page.locator('input[name="csrfmiddlewaretoken"]').first.get_attribute("value")


def test_a_colleague_whose_key_cannot_see_my_recording_cannot_delete_its_audio(signed_in, bob):
    ada = signed_in
    content = small_wav(b"ada-only")
    ref = upload(ada, project="Onboarding", name="Ada's onboarding call", content=content)
    assert ada.request.get(f"/recordings/{ref}/audio").body() == content

    bob.goto("/recordings/")
    expect(bob.get_by_role("link", name="Ada's onboarding call")).to_have_count(0)
    # Bob's key cannot see the recording, so no page offers him a delete: he posts one by hand.
    answer = bob.request.post(
        f"/recordings/{ref}/delete/", max_redirects=0,
        form={"csrfmiddlewaretoken": csrf_token(bob), "place": "detail", "name": "that call"},
    )
    assert answer.status == 302

    played = ada.request.get(f"/recordings/{ref}/audio", headers={"Range": "bytes=0-99"})
    assert played.status == 206 and played.body() == content[:100]
    ada.goto(f"/recordings/{ref}/")
    expect(ada.locator("#player")).to_have_attribute("src", f"/recordings/{ref}/audio")
    bob.goto(answer.headers["location"])
    expect(bob.locator(".messages .alert--warning")).to_contain_text(
        "“that call” was not found with your API key: it may have been deleted already, or your "
        "key cannot see it. Nothing was deleted."
    )


def test_replacing_my_key_with_one_that_cannot_see_the_recording_stops_playback_at_once(
    signed_in, sandbox
):
    ada = signed_in
    content = small_wav(b"ada-replaces-her-key")
    ref = upload(ada, project="Sales LT", name="Ada's sales call", content=content)
    with ada.expect_response(lambda r: r.url.endswith(f"/recordings/{ref}/audio")) as played:
        ada.goto(f"/recordings/{ref}/")  # the player loads the audio's metadata at once
    assert played.value.status in (200, 206)

    ada.goto("/settings/api-key/")
    settings_pages = ada.get_by_role("navigation", name="Settings pages")
    settings_pages.get_by_role("link", name="Kept audio").click()
    kept = ada.get_by_role("region", name="Audio kept for playback")
    expect(kept).to_contain_text(re.compile(r"Your uploads\s*1 copy, \d+(\.\d)?\sKB"))
    settings_pages.get_by_role("link", name="API key").click()
    ada.get_by_label("API key", exact=True).fill(sandbox["project_scoped"])
    ada.get_by_role("button", name="Verify and replace").click()
    expect(ada.get_by_text(re.compile(r"API key idc_…\w{4} replaced\. It sees 1 project\."))
           ).to_be_visible()

    assert ada.request.get(f"/recordings/{ref}/audio").status == 404
    assert ada.request.get(f"/recordings/{ref}/audio", headers={"Range": "bytes=0-"}).status == 404


def test_replaying_an_external_id_never_files_my_upload_as_someone_elses_audio(
    signed_in, bob
):
    ada = signed_in
    # A recording of the scoped project that reached IdentityCall without the console (a CRM
    # import, say): the console holds no audio for it.
    theirs = SandboxRecording.objects.filter(
        project__name=SCOPED_PROJECT, external_id__isnull=False
    ).first()
    ref = str(theirs.public_id)
    assert not StoredAudio.objects.filter(recording_key=ref).exists()

    replayed = upload(bob, project=SCOPED_PROJECT, name="Bob's call",
                      content=small_wav(b"bob-says-this"), external_id=theirs.external_id)

    assert replayed == ref  # IdentityCall answered with the existing recording
    expect(bob.locator("#upload-queue")).to_contain_text("Already uploaded.")
    assert ada.request.get(f"/recordings/{ref}/audio").status == 404
    assert not StoredAudio.objects.filter(recording_key=ref).exists()
