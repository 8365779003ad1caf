"""schema.org JSON-LD on document and entity pages, read as RDF; canonical links and Open Graph tags."""

import pytest
from lxml import html as lxml_html
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from archive.models import Entity

SDO = Namespace("https://schema.org/")
BASE = "http://testserver"


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def graph_of(tree) -> Graph:
    """Every JSON-LD block of the page as one RDF graph; the context is a local @vocab, so nothing is fetched."""
    blocks = tree.xpath("//script[@type='application/ld+json']/text()")
    assert blocks
    graph = Graph()
    for block in blocks:
        graph.parse(data=block, format="json-ld")
    return graph


def test_an_archival_memo_is_an_archive_component_with_its_archive_and_reference(client, seeds):
    graph = graph_of(page(client, "/documents/2/"))
    doc = URIRef(f"{BASE}/documents/2/")
    assert (doc, RDF.type, SDO.ArchiveComponent) in graph
    assert str(graph.value(doc, SDO.name)).startswith("Memorandum from V. Molotov and M. Suslov to the CPSU CC")
    assert graph.value(doc, SDO.itemLocation) == Literal("AVPRF F. 0102 Op. 11 P. 65 D. 45")
    archive = graph.value(doc, SDO.holdingArchive)
    assert (archive, RDF.type, SDO.ArchiveOrganization) in graph
    assert graph.value(archive, SDO.name) == Literal("Archive of Foreign Policy of the Russian Federation (AVPRF)")
    assert graph.value(doc, SDO.dateCreated) == Literal("1955-01-17")
    assert graph.value(doc, SDO.inLanguage) == Literal("en")
    authors = {graph.value(a, SDO.name) for a in graph.objects(doc, SDO.author)}
    assert authors == {Literal("Vyacheslav Molotov"), Literal("Mikhail Suslov")}
    molotov = Entity.objects.get(kind="person", slug="molotov")
    assert (doc, SDO.author, URIRef(f"{BASE}{molotov.get_absolute_url()}")) in graph
    mentioned = {graph.value(m, SDO.name) for m in graph.objects(doc, SDO.mentions)}
    assert Literal("Zhou Enlai") in mentioned and Literal("Peking") in mentioned
    original = graph.value(doc, SDO.translationOfWork)
    assert graph.value(original, SDO.inLanguage) == Literal("ru")


def test_a_translated_decision_has_translators_rights_and_notice(client, seeds):
    graph = graph_of(page(client, "/documents/1/"))
    doc = URIRef(f"{BASE}/documents/1/")
    assert (doc, RDF.type, SDO.CreativeWork) in graph
    translators = {str(graph.value(t, SDO.name)) for t in graph.objects(doc, SDO.translator)}
    assert translators == {"Rozanov", "Bulgakov", "Suvorov"}
    assert graph.value(doc, SDO.usageInfo) == URIRef("http://rightsstatements.org/vocab/UND/1.0/")
    assert str(graph.value(doc, SDO.copyrightNotice)).startswith("The History and Public Policy Program welcomes reuse")
    assert {str(graph.value(a, SDO.name)) for a in graph.objects(doc, SDO.author)} == {
        "Central Committee of the Workers' Party of Korea",
        "Kim Il Sung",
    }


def test_a_news_report_is_a_news_article_published_by_its_source(client, seeds):
    graph = graph_of(page(client, "/documents/5/"))
    doc = URIRef(f"{BASE}/documents/5/")
    assert (doc, RDF.type, SDO.NewsArticle) in graph
    assert graph.value(doc, SDO.datePublished) == Literal("2021-06-30")
    assert graph.value(graph.value(doc, SDO.publisher), SDO.name) == Literal("Rodong Sinmun")


def test_a_date_whose_year_is_unknown_is_not_given_a_year(client, seeds):
    graph = graph_of(page(client, "/documents/4/"))
    doc = URIRef(f"{BASE}/documents/4/")
    assert graph.value(doc, SDO.dateCreated) is None and graph.value(doc, SDO.datePublished) is None


def test_an_entity_has_its_other_names_and_authority_records(client, seeds):
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    Entity.objects.filter(pk=kim.pk).update(wikidata="Q39464", viaf="5035563")
    graph = graph_of(page(client, kim.get_absolute_url()))
    node = URIRef(f"{BASE}{kim.get_absolute_url()}")
    assert (node, RDF.type, SDO.Person) in graph
    names = {str(n) for n in graph.objects(node, SDO.alternateName)}
    assert "김일성" in names and names == set(kim.variant_names())
    assert set(graph.objects(node, SDO.sameAs)) == {
        URIRef("http://www.wikidata.org/entity/Q39464"),
        URIRef("http://viaf.org/viaf/5035563"),
    }


def test_an_event_has_its_dates_place_and_organizations(client, seeds):
    event = Entity.objects.get(kind="event", slug="wpk-cc-8th-plenary-2023-06")
    graph = graph_of(page(client, event.get_absolute_url()))
    node = URIRef(f"{BASE}{event.get_absolute_url()}")
    assert (node, RDF.type, SDO.Event) in graph
    assert graph.value(node, SDO.startDate) == Literal("2023-06-16")
    assert graph.value(node, SDO.endDate) == Literal("2023-06-18")
    assert graph.value(graph.value(node, SDO.location), SDO.name) == Literal("Pyongyang")
    assert graph.value(graph.value(node, SDO.organizer), SDO.name) == Literal(
        "Central Committee of the Workers' Party of Korea"
    )


def test_json_ld_cannot_end_its_script_early(client, db):
    from tests.conftest import annotated, import_text

    record = import_text(annotated("Text.", title="</script><script>alert(1)</script>")).document.record
    html = client.get(f"/documents/{record}/").content.decode()
    assert "</script><script>alert(1)" not in html
    tree = lxml_html.fromstring(html)
    graph = graph_of(tree)
    assert graph.value(URIRef(f"{BASE}/documents/{record}/"), SDO.name) == Literal("</script><script>alert(1)</script>")


@pytest.mark.parametrize(
    ("url", "canonical", "og_type"),
    [
        ("/", "/", "website"),
        ("/documents/?type=report", "/documents/", "website"),
        ("/documents/2/", "/documents/2/", "article"),
        ("/persons/", "/persons/", "website"),
        ("/collections/", "/collections/", "website"),
        ("/search/?q=plenum", "/search/", "website"),
    ],
)
def test_every_page_has_one_canonical_link_and_open_graph_tags(client, seeds, url, canonical, og_type):
    tree = page(client, url)
    assert tree.xpath("//head/link[@rel='canonical']/@href") == [f"{BASE}{canonical}"]
    og = {m.get("property"): m.get("content") for m in tree.xpath("//head/meta[starts-with(@property, 'og:')]")}
    assert og["og:url"] == f"{BASE}{canonical}"
    assert og["og:type"] == og_type
    assert og["og:site_name"] == "Plenum" and og["og:title"]


def test_document_and_entity_open_graph_titles(client, seeds):
    tree = page(client, "/documents/5/")
    assert tree.xpath("//head/meta[@property='og:title']/@content") == [
        "Report on Enlarged Meeting of 2nd Political Bureau of 8th C.C., WPK"
    ]
    assert tree.xpath("//head/meta[@property='og:description']/@content")[0].startswith("Rodong Sinmun report")
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    assert page(client, kim.get_absolute_url()).xpath("//head/meta[@property='og:title']/@content") == ["Kim Il Sung"]


def test_a_document_with_its_original_beside_the_translation_is_in_both_languages(client, db):
    from tests.conftest import annotated, import_text

    source = annotated("The translation.\n\n@text lang=ko type=original\n\n원문.", title="Two texts")
    record = import_text(source).document.record
    graph = graph_of(page(client, f"/documents/{record}/"))
    languages = {str(lang) for lang in graph.objects(URIRef(f"{BASE}/documents/{record}/"), SDO.inLanguage)}
    assert languages == {"en", "ko"}
