"""Two people upload under the same external_id in Chromium: the second never replaces the audio
the console keeps for the first one's recording (the sandbox is the upstream, over HTTP)."""

import re
import struct

import pytest
import requests
from playwright.sync_api import expect

from apps.sandbox.models import Project as SandboxProject
from tests.browser.conftest import sign_in_with

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = "Customer Support EN"  # the project-scoped key's only project


def tone(salt):
    """Return a short valid WAV; different salts make different bytes."""
    frames = b"\x00\x00" * 8000 + salt
    header = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(frames)) + frames


@pytest.fixture
def other_tab(chromium, live_server, django_user_model):
    """A second person's browser: their own account, context and cookies."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.person = django_user_model.objects.create_user("bea", password="journey-password-1")
    yield tab
    context.close()


def upload(page, name, content, external_id):
    """Upload one file through the form (upload.js) and return its result row."""
    page.goto("/recordings/upload/")
    project = page.get_by_label("Project")
    if project.is_enabled():
        project.select_option(label=PROJECT)
    page.get_by_label("External ID").fill(external_id)
    page.get_by_label("Audio files").set_input_files(
        [{"name": name, "mimeType": "audio/wav", "buffer": content}]
    )
    page.get_by_role("button", name="Upload").click()
    row = page.locator("#upload-queue .upload-row").filter(has_text=name)
    expect(row.locator("[data-upload-result]")).to_be_visible(timeout=15_000)
    return row


def recording_href(row):
    return row.get_by_role("link", name=re.compile("^open “")).get_attribute("href")


def test_a_second_upload_under_the_same_external_id_leaves_the_first_persons_audio(
    signed_in, user, sandbox, other_tab
):
    ada_page, bea_page = signed_in, other_tab
    ada_audio, bea_audio = tone(b"ada"), tone(b"bea, different")
    ada_row = upload(ada_page, "ada.wav", ada_audio, "crm-call-4711")
    expect(ada_row).to_contain_text("Uploaded.")
    href = recording_href(ada_row)

    sign_in_with(bea_page, bea_page.person, sandbox["project_scoped"])
    bea_row = upload(bea_page, "bea.wav", bea_audio, "crm-call-4711")

    expect(bea_row).to_contain_text("Already uploaded.")
    expect(bea_row).to_contain_text("already has a recording with the external ID “crm-call-4711”")
    expect(bea_row).to_contain_text("That recording was made from a different file")
    assert recording_href(bea_row) == href
    # Playback is still Ada's file, for Ada and for Bea.
    for page in (ada_page, bea_page):
        answer = page.request.get(f"{href}audio")
        assert answer.status == 200
        assert answer.body() == ada_audio


def test_a_replay_of_a_recording_the_console_holds_no_audio_for_keeps_none(
    signed_in, live_server, sandbox
):
    # The recording was made straight through the API (no console copy) under crm-call-9000.
    api = f"{live_server.url}/sandbox/api/v1/public"
    project = SandboxProject.objects.get(name=PROJECT).id
    made = requests.post(
        f"{api}/recordings", headers={"Authorization": f"Bearer {sandbox['full']}"}, timeout=10,
        files={"file": ("direct.wav", tone(b"direct"), "audio/wav")},
        data={"project_id": project, "external_id": "crm-call-9000"},
    )
    assert made.status_code == 201, made.text
    page = signed_in

    row = upload(page, "other.wav", tone(b"someone else"), "crm-call-9000")

    expect(row).to_contain_text("Already uploaded.")
    expect(row).to_contain_text("keeps no audio of that recording, so it cannot be played here")
    href = recording_href(row)
    assert page.request.get(f"{href}audio").status == 404
    page.goto(href)
    expect(page.get_by_text("No audio available")).to_be_visible()
    expect(page.locator("audio#player")).to_have_count(0)
