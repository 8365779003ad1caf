"""TEI P5 per document: valid against the TEI schema, complete, and read back into the same record.

Validated with lxml against tei_all.rng (TEI P5 4.3.0, the whole of TEI; see tests/data/README.md).
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from archive.annotated import parse, parse_body, tei, tei_read
from archive.models import Document
from tests.conftest import annotated, import_text
from tests.test_exporting import empty_archive, records

T = "{http://www.tei-c.org/ns/1.0}"
SCHEMA = Path(__file__).parent / "data" / "tei" / "tei_all.rng"

EVERY_MARK = """@fw classification|SECRET \\{copy\\}
@fw number|Nº 4

# Decision of the {o:cc role=author|Central Committee}

## On the {t:harvest|harvest}

@opener
To {p:kim role=recipient|Comrade Kim}
{d:1956-08-30|30 August}
@end

@dateline|{pl:pyongyang|Pyongyang}, {d:1956-08-30/1956-08-31|30-31 August 1956}

@byline|by the {o:cc|committee}

The **plenum** met at the {ev:plenum|August plenum} on {d:XXXX-02-26|26 February} and heard
{sup reason=lost|the} report {unc reason=faded|of two} {gap reason=illegible unit=word extent=3}
{gap|a torn corner} words {add place=margin hand=kim|agreed} {del rend=strikethrough|rejected}
{sic|recieved|received} {reg|Pyeng Yang|Pyongyang} {abbr|CC|Central Committee}{note|The copy is
faded here, see {d:1956|1956}.}.
\\@ is a sign, \\# another, \\| a bar and \\\\ a backslash; a star * alone and \\*\\* stay.

@stamp
Received {d:1956-09-02|2 September 1956}
Nº 367
@end

@signed|{p:kim role=signatory|Kim Il Sung} {sig reason=illegible} {sig}

@closer
With greetings
@end

@text lang=ko type=original
{p:kim|김일성} 동지

결정서
"""


@pytest.fixture(scope="module")
def schema():
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def valid(schema, data: bytes):
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log
    return root


def every_mark_file() -> str:
    extra = "\n".join(
        [
            "entity: o:cc = Central Committee ; variants = CC | KWP CC ; wikidata = Q1 ; viaf = 123",
            "entity: p:kim = Kim Il Sung ; sort = Kim, Il Sung ; desc = Chairman ; dates = 1912/1994",
            "entity: pl:pyongyang = Pyongyang",
            "entity: ev:plenum = August plenum ; dates = 1956-08 ; place = pl:pyongyang ; orgs = o:cc",
            "entity: t:harvest = Harvest ; wikidata = Q2",
            "provenance: held ; agent = State Archive ; citation = F. 1, Op. 2",
            "provenance: translated ; agent = p:kim ; date = 1957 ; note = in haste",
            "collection: Plenums",
            "related: 2",
            "note: A curator's note.",
            "summary: What was decided.",
            "supplied: summary ; note = written by the editor",
            "rights: http://rightsstatements.org/vocab/InC-EDU/1.0/",
            "rights.notice: Held for study.",
            "lang.original: ko",
        ]
    )
    return annotated(EVERY_MARK, record=9, title="Decision", extra=extra)


def tei_of(source: str) -> bytes:
    parsed = parse(source)
    assert parsed.ok, [p.format() for p in parsed.errors]
    return tei.serialize(tei.document(parsed.meta, [(t.lang, t.type, t.source) for t in parsed.texts]))


def structure(source: str):
    """What a text's source means: each block's kind, level, subtype and marks, and its plain text and spans."""
    parsed = parse_body(source)
    assert parsed.ok, [p.format() for p in parsed.errors]
    (text,) = parsed.texts
    blocks = [(b.kind, b.level, b.subtype, _nodes(b.nodes)) for b in text.blocks]
    spans = [(s.start, s.end, s.name, s.key, s.role, s.attrs) for s in text.spans]
    return blocks, text.plain, spans


def _nodes(nodes) -> list:
    """Nodes without where they stand in the file."""
    return [n if isinstance(n, str) else (n.name, n.key, n.attrs, [_nodes(p) for p in n.parts]) for n in nodes]


def test_every_mark_and_block_is_valid_tei_and_reads_back(schema):
    source = every_mark_file()
    data = tei_of(source)
    root = valid(schema, data)
    names = {element.tag[len(T) :] for element in root.iter() if isinstance(element.tag, str)}
    wanted = {
        "persName", "orgName", "placeName", "name", "rs", "date", "supplied", "unclear", "gap", "add", "del", "note",
        "choice", "sic", "corr", "orig", "reg", "abbr", "expan", "fw", "stamp", "dateline", "byline", "signed",
        "head", "p", "opener", "closer", "hi", "lb", "group", "listPerson", "listOrg", "listPlace", "listEvent",
        "msIdentifier", "repository", "history", "provenance", "availability", "licence",
    }  # fmt: skip
    assert wanted <= names, wanted - names
    meta, texts = tei_read.read(data)
    original = parse(source)
    assert meta.supplied == original.meta.supplied and meta.provenance[1].agent_key == "p:kim"
    for field in ("title", "record", "date", "lang_original", "rights", "rights_notice", "collections", "related"):
        assert getattr(meta, field) == getattr(original.meta, field), field
    assert {k: (d.name, d.variants, d.roles, d.desc, d.sort, d.dates, d.wikidata, d.viaf, d.place, d.orgs)
            for k, d in meta.entities.items()} == {
        k: (d.name, d.variants, d.roles, d.desc, d.sort, d.dates, d.wikidata, d.viaf, d.place, d.orgs)
        for k, d in original.meta.entities.items()
    }  # fmt: skip
    assert [(lang, type_) for lang, type_, _ in texts] == [("en", "translation"), ("ko", "original")]
    for (_, _, before), (_, _, after) in zip(((t.lang, t.type, t.source) for t in original.texts), texts, strict=True):
        assert structure(after) == structure(before)
    # what comes back is itself written the same way again
    again = tei_read.to_annotated(tei_of(tei_read.to_annotated(data).decode()))
    assert again == tei_read.to_annotated(data)


def test_supplied_values_and_the_holding_archive_are_in_the_header(client, seeds, schema):
    root = valid(schema, client.get("/documents/2/tei.xml").content)
    header = root.find(f"{T}teiHeader")
    identifier = header.find(f".//{T}msDesc/{T}msIdentifier")
    assert identifier.findtext(f"{T}repository") == "Archive of Foreign Policy of the Russian Federation (AVPRF)"
    assert identifier.findtext(f"{T}idno") == "AVPRF F. 0102 Op. 11 P. 65 D. 45"
    title = header.find(f"{T}fileDesc/{T}titleStmt/{T}title")
    assert title.get("resp") == "#plenum"
    supplied = {n.get("n"): n.text for n in header.iter(f"{T}note") if n.get("type") == "supplied"}
    assert set(supplied) == set(Document.objects.get(record=2).supplied)
    assert header.findtext(f".//{T}publicationStmt/{T}idno[@type='URI']") == "http://testserver/documents/2/"
    persons = [p.findtext(f"{T}persName[@type='main']") for p in header.iter(f"{T}person")]
    assert "Vyacheslav Molotov" in persons


def test_every_seed_is_valid_tei_and_names_its_entities_in_the_text(client, seeds, schema):
    for record in seeds:
        response = client.get(f"/documents/{record}/tei.xml")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/tei+xml"
        root = valid(schema, response.content)
        declared = {e.get("{http://www.w3.org/XML/1998/namespace}id") for e in root.iter()}
        refs = {e.get("ref") for e in root.find(f"{T}text").iter() if e.get("ref")}
        assert refs and {ref.lstrip("#") for ref in refs} <= declared


def test_the_seeds_survive_a_tei_round_trip_into_an_empty_archive(client, seeds, tmp_path):
    Document.objects.update(curator_note="")  # a curator's notes are not published, so not in the TEI
    for record in seeds:
        (tmp_path / f"{record}.xml").write_bytes(client.get(f"/documents/{record}/tei.xml").content)
    before = records()
    empty_archive()
    assert not Document.objects.exists()
    call_command("import_texts", "--keys-only", str(tmp_path), stdout=StringIO())
    after = records()
    assert sorted(after[0]) == [1, 2, 3, 4, 5]
    assert after == before


def test_a_document_with_several_texts_survives_the_round_trip(client, db, tmp_path):
    import_text(every_mark_file())
    Document.objects.update(curator_note="")  # a curator's notes are not published, so not in the TEI
    (tmp_path / "9.xml").write_bytes(client.get("/documents/9/tei.xml").content)
    before = records()
    empty_archive()
    import_text(annotated("x", record=2, title="Other"))  # the record it names as related
    call_command("import_texts", "--keys-only", str(tmp_path), stdout=StringIO())
    after = records()
    # the same record, its texts the same but for where the source's blocks and blank lines stand
    for document in (before[0][9], after[0][9]):
        document["texts"] = [(*text[:3], structure(text[3]), *text[4:]) for text in document["texts"]]
    assert after[0][9] == before[0][9]
    assert after[1] == before[1]


def test_the_document_page_links_its_tei(client, seeds):
    page = client.get("/documents/2/").content.decode()
    assert 'href="/documents/2/tei.xml"' in page


def test_the_tei_leaves_out_what_readers_never_see(client, db):
    import_text(annotated("Not yet.", record=8).replace("status: published", "status: draft"))
    text = annotated("Shown.", record=9, extra="note: ask the holder about the second page\nrelated: 8")
    import_text(text)
    tei_xml = client.get("/documents/9/tei.xml").content.decode()
    assert "ask the holder" not in tei_xml  # a curator's note
    assert 'type="related"' not in tei_xml  # record 8 is a draft


def test_a_draft_has_no_tei(client, db):
    draft = import_text(annotated("Not yet.", record=8).replace("status: published", "status: draft")).document
    assert client.get(f"/documents/{draft.record}/tei.xml").status_code == 404


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", ":1: not well-formed XML"),
        (b"<html/>", ":1: the root element is not a TEI element"),
        (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<teiHeader/>\n<text/></TEI>", ":1: no texts"),
    ],
)
def test_a_bad_tei_file_is_refused_saying_where_and_writes_nothing(db, tmp_path, data, said):
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    err = StringIO()
    with pytest.raises(Exception, match="not imported"):
        call_command("import_texts", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}{said}" in err.getvalue()
    assert not Document.objects.exists()


def test_entities_in_a_dtd_are_not_expanded():
    data = (
        b'<!DOCTYPE TEI [<!ENTITY big "boom">]><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>'
        b"<text><group><text xml:lang='en'><body><div><p>&big;</p></div></body></text></group></text></TEI>"
    )
    _, texts = tei_read.read(data)
    assert "boom" not in texts[0][2]


def test_prefixed_identifiers_read_back_the_same():
    parsed = parse(every_mark_file())
    texts = [(t.lang, t.type, t.source) for t in parsed.texts]
    plain = tei_read.read(tei.serialize(tei.document(parsed.meta, texts)))
    prefixed_root = tei.document(parsed.meta, texts, id_prefix="r9.")
    ids = [e.get("{http://www.w3.org/XML/1998/namespace}id") for e in prefixed_root.iter()]
    assert all(i.startswith("r9.") for i in ids if i)
    assert tei_read.read(tei.serialize(prefixed_root)) == plain
