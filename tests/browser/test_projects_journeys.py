"""Journeys through the projects screens in Chromium, against the sandbox over HTTP."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_with

pytestmark = pytest.mark.django_db(transaction=True)


def project_rows(page):
    return page.locator("#project-rows tr:visible")


def open_project(page, name):
    page.goto("/projects/")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_create_edit_view_and_delete_a_project(signed_in):
    page = signed_in
    page.goto("/projects/")
    expect(project_rows(page)).to_have_count(5)

    # The filter narrows the list as you type, without asking the server.
    page.get_by_label("Filter projects").fill("lithuanian")
    expect(project_rows(page)).to_have_count(1)
    expect(project_rows(page).first).to_contain_text("Sales LT")
    expect(page.get_by_text("Showing 1 of 5")).to_be_visible()
    page.get_by_label("Filter projects").fill("")
    expect(project_rows(page)).to_have_count(5)

    # Create: a missing percentage is pointed out and everything typed stays.
    page.get_by_role("link", name="New project").click()
    page.get_by_label("Name", exact=True).fill("Riga Support")
    page.get_by_label("Language", exact=True).select_option("lv")
    page.get_by_label("Description").fill("Latvian support line")
    page.get_by_label("No automatic deletion").uncheck()
    page.get_by_label("Retention (days)").fill("90")
    page.get_by_label("Compare calls with a quality baseline").check()
    page.get_by_role("button", name="Create project").click()
    expect(
        page.get_by_text("Enter a percentage from 0 to 100, or turn the baseline off.")
    ).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Riga Support")
    expect(page.get_by_label("Description")).to_have_value("Latvian support line")
    page.get_by_label("Quality baseline (%)").fill("70")
    posts = []
    page.on("request", lambda sent: sent.method == "POST" and posts.append(sent.url))
    page.get_by_role("button", name="Create project").dblclick()  # creates one project, not two

    expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
    assert len(posts) == 1, posts  # the second click of the double click sends nothing
    expect(page.get_by_text("Project “Riga Support” created.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riga Support")
    detail_url = page.url
    page.goto("/projects/")
    expect(page.get_by_role("link", name="Riga Support", exact=True)).to_have_count(1)
    page.goto(detail_url)

    # Edit: only the industry changes.
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_label("Retention (days)")).to_have_value("90")
    page.get_by_label("Industry").fill("travel")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(detail_url)
    expect(page.get_by_text("Project “Riga Support” saved.")).to_be_visible()

    # View: every setting as saved, with the counts and where its recordings are.
    settings = page.locator("#project-card")
    for text in ("Latvian (lv)", "travel", "Recordings are deleted after 90 days", "On, at 70%"):
        expect(settings).to_contain_text(text)
    expect(settings.get_by_role("link", name="See this project’s recordings")).to_have_attribute(
        "href", re.compile(r"/recordings/\?project=\d+")
    )

    # Delete: the cascade is spelled out and the exact name is needed.
    page.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_text(re.compile(r"all its 0 recordings and their analysis"))).to_be_visible()
    page.get_by_label("Project name").fill("riga support")
    page.get_by_role("button", name="Delete project").click()
    expect(page.get_by_text("That is not the project’s name")).to_be_visible()
    page.get_by_label("Project name").fill("Riga Support")
    page.get_by_role("button", name="Delete project").click()
    expect(page).to_have_url(re.compile(r"/projects/$"))
    expect(
        page.get_by_text("Project “Riga Support” deleted, with everything in it.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Riga Support")).to_have_count(0)


def test_a_read_only_key_is_refused_clearly_and_keeps_the_input(page, user, sandbox):
    sign_in_with(page, user, sandbox["read_only"])

    page.goto("/projects/new/")
    page.get_by_label("Name", exact=True).fill("Not allowed")
    page.get_by_label("Language", exact=True).select_option("en")
    page.get_by_role("button", name="Create project").click()
    expect(
        page.get_by_text(re.compile(r"^Your API key is read-only: it does not have write"))
    ).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Not allowed")

    # From now on the actions are shown as unavailable, with the reason.
    page.goto("/projects/")
    expect(page.get_by_role("button", name="New project")).to_be_disabled()
    open_project(page, "Archive 2025")
    expect(page.get_by_role("button", name="Edit")).to_be_disabled()

    # Deleting needs the delete permission, which this key lacks too.
    page.get_by_role("link", name="Delete", exact=True).click()
    page.get_by_label("Project name").fill("Archive 2025")
    page.get_by_role("button", name="Delete project").click()
    expect(page.get_by_text(re.compile(r"Your API key cannot delete"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Archive 2025”?")
    page.goto("/projects/")
    expect(page.get_by_role("link", name="Archive 2025")).to_be_visible()


def test_a_project_scoped_key_sees_its_project_marked_and_cannot_create_or_delete(
    page, user, sandbox
):
    sign_in_with(page, user, sandbox["project_scoped"])
    page.goto("/projects/")
    expect(project_rows(page)).to_have_count(1)

    page.get_by_role("link", name="New project").click()
    page.get_by_label("Name", exact=True).fill("Second project")
    page.get_by_label("Language", exact=True).select_option("en")
    page.get_by_role("button", name="Create project").click()
    expect(
        page.get_by_text(re.compile(r"limited to one project, so it cannot create"))
    ).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Second project")

    page.goto("/projects/")
    expect(project_rows(page).first.get_by_text("Your key’s project")).to_be_visible()
    expect(page.get_by_role("button", name="New project")).to_be_disabled()
    open_project(page, "Customer Support EN")
    expect(page.get_by_role("button", name="Delete")).to_be_disabled()
    expect(
        page.get_by_text("limited to this project, so it cannot delete projects")
    ).to_be_visible()
    page.get_by_role("link", name="Edit", exact=True).click()  # editing its own project is fine
    expect(page.get_by_role("button", name="Save changes")).to_be_visible()
