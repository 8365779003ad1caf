"""Atom feeds, sitemaps and robots.txt: well-formed, published documents only, every record listed."""

import re
import xml.etree.ElementTree as ET

import pytest

from archive.models import Collection, Document, Entity
from tests.conftest import annotated, import_text

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def archive_with_draft(seeds):
    """The seeds, a published document and a draft in one collection, the draft naming Kim Il Sung."""
    extra = "entity: p:kim-il-sung = Kim Il Sung ; role = mentioned\ncollection: Drafts and finals"
    import_text(annotated("A final text.", title="Final text", extra="collection: Drafts and finals"))
    source = annotated("{p:kim-il-sung|Kim Il Sung} in a draft.", title="Secret draft", extra=extra)
    draft = import_text(source.replace("status: published", "status: draft")).document
    return draft, Collection.objects.get(name="Drafts and finals")


def xml_of(client, url: str, content_type: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type)
    return ET.fromstring(response.content)


def entry_links(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]


def test_the_documents_feed_lists_published_documents_newest_first(client, archive_with_draft):
    feed = xml_of(client, "/feeds/documents/", "application/atom+xml")
    assert feed.tag == f"{ATOM}feed"
    published = Document.objects.published().order_by("-created", "-record")
    assert entry_links(feed) == [f"http://testserver{d.get_absolute_url()}" for d in published]
    assert "Secret draft" not in ET.tostring(feed, encoding="unicode")
    entries = {entry.find(f"{ATOM}link").get("href"): entry for entry in feed.iter(f"{ATOM}entry")}
    memo = entries["http://testserver/documents/2/"]
    assert memo.find(f"{ATOM}summary").text.startswith("V. Molotov and M. Suslov report")
    assert memo.find(f"{ATOM}updated").text and memo.find(f"{ATOM}category").get("term") == "Memorandum"
    assert entries["http://testserver/documents/6/"].find(f"{ATOM}summary") is None  # no summary, none given


def test_an_entity_feed_lists_the_published_documents_naming_it(client, archive_with_draft):
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    feed = xml_of(client, f"/persons/{kim.pk}/feed/", "application/atom+xml")
    expected = Document.objects.published().filter(mentions__entity=kim).distinct()
    assert sorted(entry_links(feed)) == sorted(f"http://testserver{d.get_absolute_url()}" for d in expected)
    assert expected.count() >= 2
    assert client.get(f"/places/{kim.pk}/feed/").status_code == 404  # the kind must match


def test_a_collection_feed_leaves_out_its_drafts(client, archive_with_draft):
    draft, collection = archive_with_draft
    feed = xml_of(client, f"/collections/{collection.slug}/feed/", "application/atom+xml")
    final = Document.objects.get(title="Final text")
    assert entry_links(feed) == [f"http://testserver{final.get_absolute_url()}"]
    assert draft.collections.get() == collection


def test_the_sitemap_index_lists_sections_that_list_every_published_record(client, archive_with_draft):
    draft, _ = archive_with_draft
    index = xml_of(client, "/sitemap.xml", "application/xml")
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert sections == [f"http://testserver/sitemap-{name}.xml" for name in ("documents", "entities", "collections")]
    documents = xml_of(client, "/sitemap-documents.xml", "application/xml")
    urls = [loc.text for loc in documents.iter(f"{SITEMAP}loc")]
    expected = Document.objects.published().order_by("record")
    assert urls == [f"http://testserver{d.get_absolute_url()}" for d in expected]
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    assert all(lastmod.text for lastmod in documents.iter(f"{SITEMAP}lastmod"))
    entities = xml_of(client, "/sitemap-entities.xml", "application/xml")
    entity_urls = {loc.text for loc in entities.iter(f"{SITEMAP}loc")}
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    assert f"http://testserver{kim.get_absolute_url()}" in entity_urls
    named = Entity.objects.current().filter(mentions__document__in=Document.objects.published()).distinct()
    assert entity_urls == {f"http://testserver{e.get_absolute_url()}" for e in named}
    collections = xml_of(client, "/sitemap-collections.xml", "application/xml")
    assert [loc.text for loc in collections.iter(f"{SITEMAP}loc")] == [
        "http://testserver/collections/drafts-and-finals/"
    ]


def test_an_entity_named_only_in_a_draft_is_not_in_the_sitemap(client, seeds):
    source = annotated("{p:hidden-one|Hidden One} only here.", title="Draft", extra="entity: p:hidden-one = Hidden One")
    import_text(source.replace("status: published", "status: draft"))
    hidden = Entity.objects.get(slug="hidden-one")
    entities = xml_of(client, "/sitemap-entities.xml", "application/xml")
    assert f"http://testserver{hidden.get_absolute_url()}" not in {loc.text for loc in entities.iter(f"{SITEMAP}loc")}


def test_a_large_sitemap_is_split_into_pages(client, seeds, monkeypatch):
    from archive import sitemaps

    monkeypatch.setattr(sitemaps.DocumentSitemap, "limit", 2)
    index = xml_of(client, "/sitemap.xml", "application/xml")
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert sections[:3] == [
        "http://testserver/sitemap-documents.xml",
        "http://testserver/sitemap-documents.xml?p=2",
        "http://testserver/sitemap-documents.xml?p=3",
    ]
    third = xml_of(client, "/sitemap-documents.xml?p=3", "application/xml")
    assert [loc.text for loc in third.iter(f"{SITEMAP}loc")] == ["http://testserver/documents/5/"]


def test_robots_keeps_crawlers_off_query_strings_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /*?" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line in ("Disallow: /", "Disallow: /documents/") for line in lines)


def test_facet_and_filter_links_are_nofollow(client, seeds):
    html = client.get("/search/?type=report").content.decode()
    assert 'href="?' in html

    for link in re.findall(r'<a href="\?[^>]*>', html):
        assert 'rel="nofollow"' in link, link
    dates = client.get("/browse/dates/").content.decode()
    for link in re.findall(r'<a href="/search/\?[^>]*>', dates):
        assert 'rel="nofollow"' in link, link


def test_pages_point_to_their_feeds(client, seeds):
    home = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in home and 'href="/feeds/documents/"' in home
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    assert f'href="/persons/{kim.pk}/feed/"' in client.get(kim.get_absolute_url()).content.decode()


def test_every_record_is_reachable_without_a_query_string(client, archive_with_draft):
    """A crawler that keeps to robots.txt (no query strings, no search) and reads the sitemaps finds
    every published document and every entity they name, and never a draft."""
    draft, _ = archive_with_draft
    seen, queue = set(), ["/"]
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    for section in sitemap.iter(f"{SITEMAP}loc"):
        pages = ET.fromstring(client.get(section.text.removeprefix("http://testserver")).content)
        queue += [loc.text.removeprefix("http://testserver") for loc in pages.iter(f"{SITEMAP}loc")]
    while queue and len(seen) < 400:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'href="(/[^"#]*)', response.content.decode()):
            allowed = "?" not in href and not href.startswith(("/static/", "/admin/", "/search/"))
            if allowed and href not in seen:
                queue.append(href)
    published = {d.get_absolute_url() for d in Document.objects.published()}
    named = Entity.objects.current().filter(mentions__document__in=Document.objects.published()).distinct()
    assert published <= seen
    assert {e.get_absolute_url() for e in named} <= seen
    assert draft.get_absolute_url() not in seen
