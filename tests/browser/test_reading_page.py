"""What a reader sees in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_metadata_sits_beside_the_text_on_a_wide_screen(page, live_server, seeds):
    page.goto(f"{live_server.url}/documents/1/")
    text = page.locator("section.text").bounding_box()
    panel = page.locator("aside.panel").bounding_box()
    assert panel["x"] >= text["x"] + text["width"]
    assert panel["y"] < text["y"] + text["height"]


def test_metadata_follows_the_text_on_a_narrow_screen(page, live_server, seeds):
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto(f"{live_server.url}/documents/1/")
    text = page.locator("section.text").bounding_box()
    panel = page.locator("aside.panel").bounding_box()
    assert panel["y"] >= text["y"] + text["height"]


def test_editorial_marks_can_be_switched_off_and_stay_off(page, live_server, seeds):
    page.goto(f"{live_server.url}/documents/2/")
    bracket = page.locator("section.text .ed-supplied .br").first
    assert bracket.is_visible()
    page.get_by_role("button", name="Editorial marks: shown").click()
    assert not bracket.is_visible()
    page.reload()
    assert not page.locator("section.text .ed-supplied .br").first.is_visible()
    assert page.get_by_role("button", name="Editorial marks: hidden").is_visible()


def test_paragraph_anchor_and_entity_link(page, live_server, seeds):
    page.goto(f"{live_server.url}/documents/3/#p2")
    assert page.locator("#p2").is_visible()
    page.locator("section.text a.entity-p").first.click()
    page.wait_for_load_state()
    assert "/persons/" in page.url
    assert page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="Documents").is_visible()
