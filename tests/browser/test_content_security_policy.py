"""Pages work under the Content-Security-Policy in a real browser: no violation on reader or admin pages."""

import pytest

from archive.models import Document
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-password-1956"


def watch(page) -> list[str]:
    """Every CSP violation the browser reports on the page, as text."""
    violations: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def test_reader_pages_run_under_the_policy(page, live_server, seeds):
    violations = watch(page)
    for path in ("/", "/documents/2/", "/search/?q=plenum", "/persons/"):
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/documents/2/")
    page.get_by_role("button", name="Editorial marks: shown").click()  # the page's script runs
    assert page.get_by_role("button", name="Editorial marks: hidden").is_visible()
    assert violations == []


def test_admin_and_the_import_preview_run_under_the_policy(page, live_server, seeds, django_user_model):
    django_user_model.objects.create_superuser("curator", "curator@example.org", PASSWORD)
    violations = watch(page)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/archive/document/")
    page.goto(f"{live_server.url}/admin/archive/document/1/change/")
    page.goto(f"{live_server.url}/admin/archive/document/import/")
    page.set_input_files("input[type=file]", [str(FIXTURES / "0002-molotov-suslov-memo-1955.txt")])
    page.click("input[type=submit][value=Preview]")
    page.wait_for_url("**/import/*/")
    assert page.locator("section.import-file").count() == 1
    page.locator("details.edit-source summary").first.click()  # the admin's own scripts and styles
    area = page.locator("textarea").first
    area.fill(area.input_value().replace("title: ", "title: Edited: ", 1))
    page.click("input[name=revise]")
    page.wait_for_load_state()
    assert page.get_by_text("Edited: ").first.is_visible()  # an edited text is sent back and kept
    page.click("input[type=submit][value='Import the ticked files']")
    page.wait_for_load_state()
    assert page.get_by_text("Import finished").first.is_visible()
    assert Document.objects.get(record=2).title.startswith("Edited: ")
    assert violations == []
