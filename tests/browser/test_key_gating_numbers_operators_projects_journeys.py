"""Chromium, with the sandbox's read-only and project-scoped keys saved through the key page (so
the console learns what they may do before anything is tried): the numbers, operators and projects
screens offer no write the key cannot do, each with its one-line why, before any form is filled."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)
READ_ONLY = re.compile(r"read-only")


def save_key(page, key):
    page.goto("/settings/api-key/")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name=re.compile(r"Verify and (save|replace)")).click()
    expect(page.locator("#key-permissions")).to_be_visible()


def first(live_server, key, path):
    reply = requests.get(f"{live_server.url}/sandbox/api/v1/public{path}",
                         headers={"Authorization": f"Bearer {key}"}, timeout=10)
    reply.raise_for_status()
    return reply.json()["data"][0]["id"]


def test_a_read_only_key_is_offered_no_write_on_numbers_operators_or_projects(
    page, user, sandbox, live_server
):
    key = sandbox["read_only"]
    log_in(page)
    save_key(page, key)
    number, operator = first(live_server, key, "/virtual_numbers"), first(live_server, key, "/operators")
    project = first(live_server, key, "/projects")

    page.goto("/numbers/")
    expect(page.get_by_role("button", name="Buy a number")).to_be_disabled()
    expect(page.locator("#buy-why")).to_have_text(READ_ONLY)

    page.goto("/numbers/available/?country=US&number_type=local")
    expect(page.locator("#available-results").get_by_role("button", name=re.compile("Buy"))
           .first).to_be_disabled()

    page.goto(f"/numbers/{number}/")
    expect(page.get_by_role("button", name="Edit settings")).to_be_disabled()
    expect(page.locator("#write-why")).to_have_text(READ_ONLY)
    expect(page.get_by_role("button", name=re.compile(r"^Move "))).to_have_count(0)
    expect(page.locator("#routing").get_by_role("button", name="Attach")).to_have_count(0)

    page.goto(f"/numbers/{number}/edit/")
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"read-only"))
    expect(page.get_by_role("button", name="Save")).to_have_count(0)

    page.goto("/operators/")
    expect(page.get_by_role("button", name="New operator")).to_be_disabled()
    page.goto(f"/operators/{operator}/")
    expect(page.get_by_role("button", name="Edit")).to_be_disabled()
    expect(page.get_by_role("button", name="Delete")).to_be_disabled()
    expect(page.locator("#write-refusal")).to_have_text(READ_ONLY)

    page.goto("/projects/")
    expect(page.get_by_role("button", name="New project")).to_be_disabled()
    page.goto(f"/projects/{project}/")
    expect(page.get_by_role("button", name="Edit")).to_be_disabled()
    expect(page.get_by_role("button", name="Delete")).to_be_disabled()
    expect(page.get_by_text("Uploading needs a key with write permission.")).to_be_visible()


def test_a_project_scoped_key_may_change_its_numbers_but_not_create_or_delete_projects(
    page, user, sandbox, live_server
):
    key = sandbox["project_scoped"]
    log_in(page)
    save_key(page, key)
    number, project = first(live_server, key, "/virtual_numbers"), first(live_server, key, "/projects")

    page.goto(f"/numbers/{number}/")
    expect(page.get_by_role("link", name="Edit settings")).to_be_visible()
    expect(page.locator("#write-why")).to_have_count(0)

    page.goto("/projects/")
    expect(page.get_by_role("button", name="New project")).to_be_disabled()
    expect(page.locator("#create-refusal")).to_have_text(re.compile(r"project"))
    page.goto(f"/projects/{project}/")
    expect(page.get_by_role("link", name="Edit")).to_be_visible()
    expect(page.get_by_role("button", name="Delete")).to_be_disabled()
    expect(page.get_by_role("link", name="See the numbers")).to_have_attribute(
        "href", f"/numbers/?project={project}"
    )
