"""Each text's entity links as W3C Web Annotations, read as RDF with a local context (nothing fetched)."""

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import RDF

from archive import publishing
from archive.annotations import CONTEXT
from archive.models import Document, Mention
from tests.conftest import annotated, import_text

OA = Namespace("http://www.w3.org/ns/oa#")
AS = Namespace("http://www.w3.org/ns/activitystreams#")
BASE = "http://testserver"
LOCAL_CONTEXT = json.loads((Path(__file__).parent / "data" / "anno" / "context.jsonld").read_text())["@context"]


def fetch(client, record: int) -> dict:
    response = client.get(f"/documents/{record}/annotations.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == f'application/ld+json; profile="{CONTEXT}"'
    return json.loads(response.content)


def as_graph(data: dict) -> Graph:
    """The page as RDF, its context's address replaced by the local context."""
    assert data["@context"] == CONTEXT
    graph = Graph()
    graph.parse(data=json.dumps({**data, "@context": LOCAL_CONTEXT}), format="json-ld")
    return graph


def test_every_mark_of_a_text_is_an_annotation_identifying_its_entity(client, seeds):
    document = seeds[2]
    graph = as_graph(fetch(client, 2))
    page = URIRef(f"{BASE}/documents/2/annotations.jsonld")
    assert (page, RDF.type, AS.OrderedCollectionPage) in graph
    annotations = list(RdfList(graph, graph.value(page, AS.items)))
    mentions = Mention.objects.filter(document=document, text__isnull=False)
    assert len(annotations) == mentions.count() > 0
    found = set()
    for annotation in annotations:
        assert (annotation, RDF.type, OA.Annotation) in graph
        assert graph.value(annotation, OA.motivatedBy) == OA.identifying
        body = graph.value(annotation, OA.hasBody)
        assert graph.value(body, OA.hasPurpose) == OA.identifying
        target = graph.value(annotation, OA.hasTarget)
        source = str(graph.value(target, OA.hasSource))
        assert source.startswith(f"{BASE}/documents/2/#") and source.endswith("text")
        selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
        position, quote = selectors[OA.TextPositionSelector], selectors[OA.TextQuoteSelector]
        start, end = graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython()
        found.add((str(graph.value(body, OA.hasSource)), start, end))
        assert graph.value(quote, OA.exact) is not None
    expected = {(f"{BASE}{m.entity.get_absolute_url()}", m.start, m.end) for m in mentions}
    assert found == expected


def test_each_quote_is_the_plain_text_at_its_position_with_its_context(client, seeds):
    for record, document in seeds.items():
        data = fetch(client, record)
        plains = {f"{BASE}/documents/{record}/#{t.anchor_prefix}text": t.plain for t in document.texts.all()}
        for item in data["items"]:
            plain = plains[item["target"]["source"]]
            quote, position = item["target"]["selector"]
            start, end = position["start"], position["end"]
            assert quote["exact"] == plain[start:end] and quote["exact"].strip()
            assert plain[:start].endswith(quote["prefix"]) and plain[end:].startswith(quote["suffix"])


def test_positions_count_code_points_past_characters_outside_the_basic_plane(client, db):
    import_text(
        annotated(
            "The \U0001d4d0 seal and 김일성 met {p:kim-il-sung|Kim Il Sung} in {pl:pyongyang|Pyongyang}.",
            record=9,
            extra="entity: p:kim-il-sung = Kim Il Sung\nentity: pl:pyongyang = Pyongyang",
        )
    )
    items = fetch(client, 9)["items"]
    plain = Document.objects.get(record=9).texts.get().plain
    assert [i["target"]["selector"][0]["exact"] for i in items] == ["Kim Il Sung", "Pyongyang"]
    assert items[0]["target"]["selector"][1]["start"] == plain.index("Kim Il Sung")


def test_the_document_page_links_its_annotations_in_the_head(client, seeds):
    tree = lxml_html.fromstring(client.get("/documents/1/").content)
    links = tree.xpath("//head/link[@rel='alternate'][contains(@type, 'anno.jsonld')]")
    assert [link.get("href") for link in links] == ["/documents/1/annotations.jsonld"]
    assert links[0].get("type") == f'application/ld+json;profile="{CONTEXT}"'
    anchors = {s.get("id") for s in tree.xpath("//section[contains(@class, 'text')]")}
    assert f"{fetch(client, 1)['items'][0]['target']['source'].split('#')[1]}" in anchors


@pytest.mark.parametrize("state", ["draft", "embargoed", "withdrawn"])
def test_a_hidden_documents_annotations_answer_404(client, seeds, state):
    if state == "withdrawn":
        publishing.withdraw([seeds[3].pk], "The rights holder objected.")
        record = 3
    else:
        extra = "embargo: 2999-01-01" if state == "embargoed" else ""
        source = annotated("Met {p:quorvath|Quorvath}.", record=8, extra=f"{extra}\nentity: p:quorvath = Quorvath")
        import_text(source.replace("status: published", "status: draft") if state == "draft" else source)
        record = 8
    response = client.get(f"/documents/{record}/annotations.jsonld")
    assert response.status_code == 404 and b"Quorvath" not in response.content
