"""Chromium, with the sandbox's project-scoped key saved through the key page: the recordings
screens offer uploading, the upload form offers only the key's own project (a link asking for
another is ignored), and an upload goes through with nothing refused after the form was filled."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.a11y import check_a11y
from tests.browser.conftest import log_in
from tests.browser.test_key_gating_numbers_operators_projects_journeys import save_key
from tests.browser.test_two_users_journeys import small_wav

pytestmark = pytest.mark.django_db(transaction=True)


def projects(live_server, key):
    reply = requests.get(f"{live_server.url}/sandbox/api/v1/public/projects",
                         headers={"Authorization": f"Bearer {key}"}, timeout=10)
    reply.raise_for_status()
    return {str(project["id"]): project["name"] for project in reply.json()["data"]}


def test_a_project_scoped_key_uploads_into_its_own_project_only_and_nothing_is_refused(
    page, user, sandbox, live_server
):
    key = sandbox["project_scoped"]
    own = projects(live_server, key)
    assert len(own) == 1
    (own_id, own_name), = own.items()
    other_id = next(pid for pid in projects(live_server, sandbox["full"]) if pid != own_id)
    log_in(page)
    save_key(page, key)
    refusals = []
    page.on("response", lambda reply: refusals.append(f"{reply.status} {reply.url}")
            if reply.status in (401, 403, 409, 422) else None)

    page.goto("/recordings/")
    expect(page.locator("#recordings-key-why")).to_have_count(0)
    page.get_by_role("link", name="Upload recordings").click()
    expect(page).to_have_url(re.compile(r"/recordings/upload/$"))
    expect(page.locator("#upload-key-why")).to_have_count(0)
    choice = page.get_by_label("Project")
    expect(choice.locator("option:not([value=''])")).to_have_text([own_name])
    expect(choice.locator("option:checked")).to_have_text(own_name)
    check_a11y(page, "the upload form with a project-scoped key")

    page.goto(f"/recordings/upload/?project={other_id}")  # a link naming another project
    expect(choice.locator("option:not([value=''])")).to_have_text([own_name])
    expect(choice.locator("option:checked")).to_have_text(own_name)

    page.get_by_label("Name").fill("Scoped key upload")
    page.get_by_label("Audio files").set_input_files(
        [{"name": "scoped.wav", "mimeType": "audio/wav", "buffer": small_wav(salt=b"scoped")}])
    page.get_by_role("button", name="Upload").click()
    link = page.locator("#upload-queue").get_by_role("link", name=re.compile("^open “"))
    expect(link).to_be_visible(timeout=15_000)
    expect(page.locator("#upload-queue")).not_to_contain_text("Not sent")
    link.click()
    expect(page.get_by_role("heading", name="Scoped key upload")).to_be_visible()
    assert refusals == []
    # The upload landed in the key's project (IdentityCall lists newest first).
    reply = requests.get(f"{live_server.url}/sandbox/api/v1/public/recordings",
                         headers={"Authorization": f"Bearer {key}"}, timeout=10)
    mine = [row for row in reply.json()["data"] if row["name"] == "Scoped key upload"]
    assert [str(row["project_id"]) for row in mine] == [own_id]
