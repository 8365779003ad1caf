"""The citations panel in a real browser: copying, citing a paragraph, the access date kept current."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_paragraph_address_is_cited_and_follows_the_reader(page, live_server, seeds):
    page.goto(f"{live_server.url}/documents/2/#p3")
    note = page.locator(".citations .citing-paragraph")
    assert note.is_visible() and "paragraph 3" in note.inner_text()
    chicago = page.locator("#citation-chicago-note")
    assert f"{live_server.url}/documents/2/#p3." in chicago.inner_text()
    page.locator("#p5 a.pilcrow").click()
    page.wait_for_function("document.querySelector('#citation-apa').textContent.includes('#p5')")
    assert "#p3" not in chicago.inner_text() and f"{live_server.url}/documents/2/#p5." in chicago.inner_text()
    assert "paragraph 5" in note.inner_text()


def test_the_copy_button_copies_the_citation(page, live_server, seeds):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/documents/2/")
    button = page.locator("button.copy-citation[data-target='citation-mla']")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector(\"[data-target='citation-mla']\").textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Molotov, Vyacheslav, and Mikhail Suslov. “[Memorandum from V. Molotov")
    assert copied == " ".join(page.locator("#citation-mla").inner_text().split())


def test_a_page_kept_from_an_earlier_day_gives_todays_access_date(page, live_server, seeds):
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=40)
    page.clock.set_fixed_time(later)
    page.goto(f"{live_server.url}/documents/2/")
    expected = f"accessed {later:%B} {later.day}, {later.year}"
    assert expected in page.locator("#citation-chicago-note").inner_text()
    assert (
        f"Accessed {later:%B} {later.day}, {later.year}." in page.locator("#citation-chicago-bibliography").inner_text()
    )
