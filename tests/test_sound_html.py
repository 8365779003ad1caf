"""Every reading page is well-formed HTML5 with no interactive element inside another."""

from html.parser import HTMLParser

import html5lib
import pytest

from archive.models import Document, Entity

pytestmark = pytest.mark.django_db

INTERACTIVE = {"a", "button", "input", "select", "textarea", "summary", "details"}
CONTAINERS = {"a", "button", "select", "textarea", "summary"}  # may hold no interactive element
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PAGES = [
    "/",
    "/documents/",
    "/documents/1/",
    "/documents/2/",
    "/documents/3/",
    "/documents/4/",
    "/documents/5/",
    "/documents/?type=decision",
    "/search/?q=plenum",
    "/search/?q=party&type=report",
    "/persons/",
    "/organizations/",
    "/places/",
    "/events/",
    "/topics/",
    "/collections/",
    "/browse/dates/",
    "/events/timeline/",
    "/conventions/",
    "/documents/12345/",
]


class _NestingCheck(HTMLParser):
    """Records each interactive element opened while another is still open."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.nested: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "input" and self._interactive_open():
                self.nested.append(f"<input> inside <{self._interactive_open()}> at line {self.getpos()[0]}")
            return
        if tag in INTERACTIVE:
            outer = self._interactive_open()
            if outer:
                self.nested.append(f"<{tag}> inside <{outer}> at line {self.getpos()[0]}")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.open:
            if self.open.pop() == tag:
                break

    def _interactive_open(self) -> str:
        for tag in reversed(self.open):
            if tag in CONTAINERS:
                return tag
        return ""


def nested_interactive(html: str) -> list[str]:
    checker = _NestingCheck()
    checker.feed(html)
    return checker.nested


def html5_errors(html: str) -> list[str]:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(html)
    return [f"line {line}, column {column}: {code} {data}" for (line, column), code, data in parser.errors]


def _entity_pages() -> list[str]:
    """One entity page of each kind named in the seeds."""
    seen: dict[str, str] = {}
    for entity in Entity.objects.order_by("pk"):
        seen.setdefault(entity.kind, entity.get_absolute_url())
    return list(seen.values())


def test_the_checks_see_nested_links():
    assert nested_interactive('<p><a href="/a">one <a href="/b">two</a></a></p>')
    assert nested_interactive("<details><summary><a href='/x'>x</a></summary></details>")
    assert not nested_interactive("<details><summary>x</summary><a href='/x'>x</a></details>")
    assert html5_errors('<!doctype html><html lang="en"><title>x</title><a href="/a"><a href="/b">b</a></a>')


@pytest.mark.parametrize("url", PAGES)
def test_page_is_sound_html(client, seeds, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    html = response.content.decode()
    assert nested_interactive(html) == [], url
    assert html5_errors(html) == [], url


def test_entity_pages_and_tombstone_are_sound_html(client, seeds):
    Document.objects.get(record=5).delete()
    urls = [*_entity_pages(), "/documents/5/"]
    assert len(urls) == 6
    for url in urls:
        html = client.get(url).content.decode()
        assert nested_interactive(html) == [], url
        assert html5_errors(html) == [], url
