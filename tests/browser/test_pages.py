"""Every page type in Chromium at desktop and phone widths: accessibility (axe-core), no sideways scrolling,
screenshots, printing, and a reader's way through the archive."""

import io
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from archive.models import Entity, RecordNumber
from tests.conftest import ROOT, annotated, import_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = ROOT / "test-results"
WIDTHS = (1280, 390)
BLOCKING = ("serious", "critical")


@pytest.fixture
def page_types(seeds):
    """(name, path) of every page type, with a document of two texts and a withdrawn record added."""
    source = annotated(
        "The translation names {pl:seoul|Seoul}. " + "It runs on for several lines in English. " * 12 + "\n\n"
        "A second paragraph.\n\n@text lang=ko type=original\n\n"
        "{pl:seoul|서울} 원문.\n\n둘째 문단.",
        title="A document in two texts",
    ).replace("status: published", "status: published\nentity: pl:seoul = Seoul ; variants = 서울")
    two_texts = import_text(source).document
    RecordNumber.objects.create(number=900)
    first_of_kind = {}
    for entity in Entity.objects.filter(mentions__isnull=False).order_by("pk"):
        first_of_kind.setdefault(entity.kind, entity.get_absolute_url())
    assert len(first_of_kind) == 5, first_of_kind
    return [
        ("home", "/"),
        ("documents", "/documents/"),
        ("document-two-texts", two_texts.get_absolute_url()),
        ("document-marks", "/documents/2/"),
        ("document-long", "/documents/1/"),
        *[(f"entity-{kind}", url) for kind, url in sorted(first_of_kind.items())],
        ("search-facets", "/search/?q=party&type=report"),
        ("persons", "/persons/"),
        ("dates", "/browse/dates/"),
        ("timeline", "/events/timeline/"),
        ("collections", "/collections/"),
        ("conventions", "/conventions/"),
        ("not-found", "/documents/12345/"),
        ("withdrawn", "/documents/900/"),
    ]


def _axe_problems(page) -> list[str]:
    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width, scheme", [(width, "light") for width in WIDTHS] + [(1280, "dark")])
def test_no_serious_accessibility_violation_on_any_page(browser, live_server, page_types, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    suffix = f"{width}" if scheme == "light" else f"{width}-{scheme}"
    page = context.new_page()
    report, shots = {}, RESULTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in page_types:
            response = page.goto(live_server.url + path)
            assert response.status in (200, 404, 410), (path, response.status)
            report[name] = _axe_problems(page)
            page.screenshot(path=shots / f"{name}-{suffix}.png")
    finally:
        context.close()
    (RESULTS / f"axe-{suffix}.json").write_text(json.dumps(report, indent=1))
    assert {name: problems for name, problems in report.items() if problems} == {}


@pytest.mark.parametrize("width", (320, 390))
def test_no_page_is_wider_than_a_phone(browser, live_server, page_types, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        wide = {}
        for name, path in page_types:
            page.goto(live_server.url + path)
            if _overflow(page) > 0:
                wide[name] = _overflow(page)
    finally:
        context.close()
    assert wide == {}


def test_axe_sees_a_violation(page, live_server, db):
    """The check itself works: a page with an empty link and poor contrast fails it."""
    page.goto(live_server.url + "/documents/12345/")
    page.evaluate(
        "() => { const a = document.createElement('a'); a.href = '/x'; document.body.append(a);"
        " const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#eee';"
        " document.body.append(p); }"
    )
    problems = " ".join(_axe_problems(page))
    assert "link-name" in problems and "color-contrast" in problems


def test_phone_reader_sees_date_source_and_rights_before_the_text(page, live_server, seeds):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/documents/1/")
    essentials = page.locator(".essentials")
    assert essentials.is_visible()
    assert essentials.bounding_box()["y"] < page.locator("section.text").bounding_box()["y"]
    assert "Copyright Undetermined" in essentials.inner_text()
    page.get_by_role("link", name="Full record: provenance, rights, citation").click()
    assert page.locator("#record").bounding_box()["y"] < 200  # the record is in view
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not essentials.is_visible()  # beside the text the record says it all


def test_phone_reader_sees_results_before_filters(page, live_server, seeds):
    page.set_viewport_size({"width": 390, "height": 800})
    for path in ("/documents/", "/search/?q=party"):
        page.goto(live_server.url + path)
        first_result = page.locator(".doc-row").first.bounding_box()
        assert first_result["y"] < 800, path
        assert page.locator("details.refine").get_attribute("open") is None, path
        page.locator("details.refine summary").click()
        assert page.locator("details.refine").get_attribute("open") is not None, path


def test_record_stays_in_view_while_the_text_scrolls(page, live_server, seeds):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/documents/1/")
    page.mouse.wheel(0, 6000)
    page.wait_for_function("() => window.scrollY > 3000")
    panel = page.locator("aside.panel").bounding_box()
    assert 0 <= panel["y"] < 100 and panel["height"] <= 800


def test_names_are_linked_first_in_each_paragraph_or_every_time(page, live_server, seeds):
    page.goto(f"{live_server.url}/documents/4/")
    every = page.locator("section.text a.entity").count()
    linked = page.locator("section.text a.entity[href]").count()
    assert 0 < linked < every
    page.get_by_role("button", name="Names linked: first in each paragraph").click()
    assert page.locator("section.text a.entity[href]").count() == every
    page.reload()
    assert page.get_by_role("button", name="Names linked: every mention").is_visible()
    assert page.locator("section.text a.entity[href]").count() == every


def test_handwriting_keeps_its_label_and_brackets_with_marks_hidden(page, live_server, db):
    document = import_text(annotated("Approved. {add place=margin|Mao Zedong}")).document
    page.goto(live_server.url + document.get_absolute_url())
    page.get_by_role("button", name="Editorial marks: shown").click()
    assert page.locator("section.text .ed-add").inner_text() == "[handwriting: Mao Zedong]"


def _pdf_pages(page, keep: str = "") -> list[str]:
    """The text of each printed page (A4); the PDF is kept under test-results/print/ when named."""
    from pypdf import PdfReader

    pdf = page.pdf(format="A4")
    if keep:
        (RESULTS / "print").mkdir(parents=True, exist_ok=True)
        (RESULTS / "print" / keep).write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    return [sheet.extract_text() or "" for sheet in reader.pages]


@pytest.mark.parametrize("record", [1, 2, 3, 4, 5])
def test_a_seed_prints_its_text_and_record_without_an_empty_last_page(page, live_server, seeds, record):
    page.goto(f"{live_server.url}/documents/{record}/")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("#toggle-marks").is_visible()
    sheets = _pdf_pages(page, keep=f"document-{record}.pdf")
    printed = re.sub(r"\s+", " ", " ".join(sheets))
    # No page is blank or holds a stray line: the last holds at least a few lines of the record.
    assert all(len(sheet.strip()) > 40 for sheet in sheets), [len(sheet.strip()) for sheet in sheets]
    assert len(sheets[-1].strip()) > 150, sheets[-1]
    assert f"/documents/{record}/" in printed  # the permanent URL
    assert "Citations" in printed.title() and "Provenance" in printed.title()
    assert "Search documents" not in printed and "Timeline" not in printed


def test_a_reader_searches_opens_a_document_toggles_marks_follows_a_paragraph_and_prints(page, live_server, seeds):
    page.goto(live_server.url + "/")
    page.get_by_label("Search the documents").fill("Molotov")
    page.get_by_label("Search the documents").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Molotov"))
    page.locator(".search-results a.doc-title").first.click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    page.get_by_role("button", name="Editorial marks: shown").click()
    assert page.get_by_role("button", name="Editorial marks: hidden").is_visible()
    page.get_by_role("link", name="Paragraph 2", exact=True).first.click()
    assert page.url.endswith("#p2")
    assert page.evaluate("() => document.querySelector(':target').id") == "p2"
    page.emulate_media(media="print")
    assert len(_pdf_pages(page)) >= 1


def test_a_card_about_a_name_opens_on_keyboard_focus_and_closes_with_escape(page, live_server, seeds):
    page.goto(f"{live_server.url}/documents/3/")
    link = page.locator("section.text a.entity-p[href]").first
    name = Entity.objects.get(pk=int(link.get_attribute("href").strip("/").split("/")[1])).name
    link.focus()
    card = page.locator("#entity-card")
    card.wait_for(state="visible")
    assert name in card.inner_text() and "Named in" in card.inner_text()
    assert link.get_attribute("aria-describedby") == "entity-card"
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    link.hover()
    card.wait_for(state="visible")
    assert _axe_problems(page) == []


def test_two_texts_side_by_side_keep_their_paragraphs_level(page, live_server, page_types):
    path = dict(page_types)["document-two-texts"]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    for number in (1, 2):
        left = page.locator(f"#p{number}").bounding_box()
        right = page.locator(f"#t2-p{number}").bounding_box()
        assert right["x"] > left["x"] + left["width"]
        assert abs(right["y"] - left["y"]) < 2, number
