"""OAI-PMH: every verb, every error the protocol names, sets, dates, resumption tokens, and a whole
harvest by Sickle against the running server. Published documents only.

Every answer is validated against the protocol's XML schema (OAI-PMH.xsd) and, inside it, the
oai_dc and simple Dublin Core schemas, read from tests/data/oai/ (see its README) with no network.
A TEI record is validated against tei_all.rng (tests/data/tei/), and the answer around it against
OAI-PMH.xsd with the TEI element set aside (the TEI Consortium publishes no XML Schema the
OAI-PMH schema's strict check could read offline here).
"""

import copy
import datetime
import functools
import re
from pathlib import Path

import pytest
from lxml import etree

from archive import publishing
from archive.models import Document
from archive.oai import repository
from tests.conftest import annotated, import_text

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}"
TEI = "{http://www.tei-c.org/ns/1.0}"
DC_ELEMENTS = {
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "type", "format",
    "identifier", "source", "language", "relation", "coverage", "rights",
}  # fmt: skip
LIST = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
GET = {"verb": "GetRecord", "identifier": "oai:plenum:documents/2"}
UTC_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
VERBS = {"Identify", "ListMetadataFormats", "ListSets", "GetRecord", "ListIdentifiers", "ListRecords"}
ERRORS = {
    "badArgument", "badResumptionToken", "badVerb", "cannotDisseminateFormat", "idDoesNotExist",
    "noRecordsMatch", "noMetadataFormats", "noSetHierarchy",
}  # fmt: skip


SCHEMAS = Path(__file__).parent / "data" / "oai"


class _LocalSchemas(etree.Resolver):
    """Every schema an import names, by its file name, from tests/data/oai/ (nothing is fetched)."""

    def resolve(self, url, pubid, context):
        local = SCHEMAS / url.rsplit("/", 1)[-1]
        if local.is_file():
            return self.resolve_filename(str(local), context)
        raise AssertionError(f"a schema imports {url}, which tests/data/oai/ does not hold")


def _schema() -> etree.XMLSchema:
    wrapper = f"""<schema xmlns="http://www.w3.org/2001/XMLSchema">
      <import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="{(SCHEMAS / "OAI-PMH.xsd").as_uri()}"/>
      <import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
              schemaLocation="{(SCHEMAS / "oai_dc.xsd").as_uri()}"/>
    </schema>"""
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))


OAI_SCHEMA = _schema()


@functools.cache
def tei_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "tei" / "tei_all.rng")))


def validate(root) -> None:
    """Valid against OAI-PMH.xsd, with each oai_dc record valid against oai_dc.xsd and each TEI
    record against tei_all.rng."""
    root = copy.deepcopy(root)
    for record in root.iter(f"{TEI}TEI"):
        schema = tei_schema()
        if not schema.validate(etree.ElementTree(copy.deepcopy(record))):
            raise AssertionError(f"a TEI record is not valid against tei_all.rng: {schema.error_log}")
        record.getparent().replace(record, etree.Element(f"{OAI_DC}dc"))
    if not OAI_SCHEMA.validate(root):
        raise AssertionError(f"not valid against OAI-PMH.xsd: {OAI_SCHEMA.error_log}")


def test_the_schema_check_can_fail():
    bad = etree.fromstring(
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate>'
        b"<request>http://x/oai/</request><Identify><repositoryName>P</repositoryName></Identify></OAI-PMH>"
    )
    assert not OAI_SCHEMA.validate(bad)
    stray_dc = etree.fromstring(
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate>'
        b"<request>http://x/oai/</request><GetRecord><record><header><identifier>oai:x:1</identifier>"
        b"<datestamp>2024-01-01</datestamp></header><metadata>"
        b'<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:author>X</dc:author></oai_dc:dc>'
        b"</metadata></record></GetRecord></OAI-PMH>"
    )
    assert not OAI_SCHEMA.validate(stray_dc)


def check_header(header) -> None:
    children = [child.tag for child in header]
    assert children[:2] == [f"{OAI}identifier", f"{OAI}datestamp"]
    assert all(tag == f"{OAI}setSpec" for tag in children[2:])
    assert UTC_SECOND.match(header.find(f"{OAI}datestamp").text)
    for spec in header.findall(f"{OAI}setSpec"):
        assert re.match(r"^([A-Za-z0-9\-_.!~*'()])+(:[A-Za-z0-9\-_.!~*'()]+)*$", spec.text)


def check_record(record) -> None:
    if record.find(f"{OAI}header").get("status") == "deleted":
        assert [child.tag for child in record] == [f"{OAI}header"]  # a deleted record has no metadata
        return
    assert [child.tag for child in record] == [f"{OAI}header", f"{OAI}metadata"]
    check_header(record.find(f"{OAI}header"))
    (dc,) = record.find(f"{OAI}metadata")
    if dc.tag == f"{TEI}TEI":
        return
    assert dc.tag == f"{OAI_DC}dc"
    assert dc.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    for element in dc:
        assert element.tag.startswith(DC) and element.tag[len(DC) :] in DC_ELEMENTS
        assert element.text and not len(element)


def check(root) -> None:
    """The rules of the OAI-PMH schema this answer must keep."""
    assert root.tag == f"{OAI}OAI-PMH"
    children = list(root)
    assert children[0].tag == f"{OAI}responseDate" and UTC_SECOND.match(children[0].text)
    assert children[1].tag == f"{OAI}request" and children[1].text.endswith("/oai/")
    body = children[2:]
    if body[0].tag == f"{OAI}error":
        assert all(e.tag == f"{OAI}error" and e.get("code") in ERRORS for e in body)
        return
    assert len(body) == 1 and body[0].tag[len(OAI) :] in VERBS
    assert children[1].get("verb") == body[0].tag[len(OAI) :]
    for record in body[0].iter(f"{OAI}record"):
        check_record(record)
    if body[0].tag == f"{OAI}ListIdentifiers":
        for header in body[0].findall(f"{OAI}header"):
            check_header(header)
    tokens = body[0].findall(f"{OAI}resumptionToken")
    assert len(tokens) <= 1 and (not tokens or body[0][-1] is tokens[0])


def oai(client, method: str = "get", **params):
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    validate(root)
    check(root)
    return root


def errors_of(root) -> list[str]:
    return [e.get("code") for e in root.findall(f"{OAI}error")]


@pytest.fixture
def archive(seeds):
    """The seeds and a draft, whose number must never show."""
    draft = import_text(annotated("Not yet.", title="Draft").replace("status: published", "status: draft"))
    return draft.document


def test_identify(client, archive):
    root = oai(client, verb="Identify")
    identify = root.find(f"{OAI}Identify")
    assert [child.tag[len(OAI) :] for child in identify] == [
        "repositoryName", "baseURL", "protocolVersion", "adminEmail", "earliestDatestamp", "deletedRecord",
        "granularity",
    ]  # fmt: skip
    assert identify.findtext(f"{OAI}baseURL") == "http://testserver/oai/"
    assert identify.findtext(f"{OAI}protocolVersion") == "2.0"
    assert UTC_SECOND.match(identify.findtext(f"{OAI}earliestDatestamp"))


def test_list_metadata_formats(client, archive):
    root = oai(client, verb="ListMetadataFormats")
    assert [p.text for p in root.iter(f"{OAI}metadataPrefix")] == ["oai_dc", "tei"]
    assert (
        oai(client, verb="ListMetadataFormats", identifier="oai:plenum:documents/2").find(f"{OAI}ListMetadataFormats")
        is not None
    )
    draft = oai(client, verb="ListMetadataFormats", identifier=repository.identifier(archive))
    assert errors_of(draft) == ["idDoesNotExist"]


def test_list_sets_names_collections_and_sources_in_use(client, archive):
    root = oai(client, verb="ListSets")
    specs = [s.text for s in root.iter(f"{OAI}setSpec")]
    assert specs[:2] == ["collection", "source"]
    assert "source:rodong-sinmun" in specs and "source:korean-central-news-agency-kcna" in specs
    assert errors_of(oai(client, verb="ListSets", resumptionToken="abc")) == ["badResumptionToken"]


def test_get_record_in_dublin_core(client, archive):
    root = oai(client, verb="GetRecord", identifier="oai:plenum:documents/2", metadataPrefix="oai_dc")
    dc = root.find(f".//{OAI_DC}dc")
    values = [(e.tag[len(DC) :], e.text) for e in dc]
    assert ("title", "Memorandum from V. Molotov and M. Suslov to the CPSU CC on Aid to the DPRK") in values
    assert [v for k, v in values if k == "creator"] == ["Vyacheslav Molotov", "Mikhail Suslov"]
    assert ("date", "1955-01-17") in values
    assert ("identifier", "http://testserver/documents/2/") in values
    assert (
        "source",
        "Archive of Foreign Policy of the Russian Federation (AVPRF), AVPRF F. 0102 Op. 11 P. 65 D. 45",
    ) in values
    unknown_year = oai(client, verb="GetRecord", identifier="oai:plenum:documents/4", metadataPrefix="oai_dc")
    assert "26 February, year unknown" in [e.text for e in unknown_year.iter(f"{DC}date")]


def test_list_identifiers_and_records_give_every_published_document_and_no_draft(client, archive):
    expected = {repository.identifier(d) for d in Document.objects.published()}
    identifiers = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert {i.text for i in identifiers.iter(f"{OAI}identifier")} == expected
    records = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert {i.text for i in records.iter(f"{OAI}identifier")} == expected
    assert repository.identifier(archive) not in expected
    assert errors_of(
        oai(client, verb="GetRecord", identifier=repository.identifier(archive), metadataPrefix="oai_dc")
    ) == ["idDoesNotExist"]


@pytest.fixture
def withdrawn(archive):
    """Record 3 withdrawn (a deleted record from then on) and record 4 under an embargo (never shown)."""
    Document.objects.update(modified="2020-01-01T00:00:00Z")
    publishing.withdraw([Document.objects.get(record=3).pk], "The rights holder objected.")
    publishing.embargo([Document.objects.get(record=4).pk], datetime.date.today() + datetime.timedelta(days=30))
    return Document.objects.get(record=3)


def _statuses(root) -> dict[str, str | None]:
    return {h.findtext(f"{OAI}identifier"): h.get("status") for h in root.iter(f"{OAI}header")}


def test_withdrawn_records_are_reported_deleted_and_embargoed_ones_never(client, withdrawn):
    identify = oai(client, verb="Identify")
    assert identify.findtext(f".//{OAI}deletedRecord") == "transient"
    expected = {f"oai:plenum:documents/{n}": None for n in (1, 2, 5)} | {"oai:plenum:documents/3": "deleted"}
    assert _statuses(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")) == expected
    records = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert _statuses(records) == expected
    for record in records.iter(f"{OAI}record"):
        deleted = record.find(f"{OAI}header").get("status") == "deleted"
        assert (record.find(f"{OAI}metadata") is None) == deleted
    one = oai(client, verb="GetRecord", identifier="oai:plenum:documents/3", metadataPrefix="oai_dc")
    assert _statuses(one) == {"oai:plenum:documents/3": "deleted"}
    assert one.find(f".//{OAI}metadata") is None
    assert withdrawn.title not in etree.tostring(one).decode()
    assert (
        oai(client, verb="ListMetadataFormats", identifier="oai:plenum:documents/3").find(f"{OAI}ListMetadataFormats")
        is not None
    )
    # a set's list reports its deletions too
    kcna = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="source:korean-central-news-agency-kcna")
    assert _statuses(kcna) == {"oai:plenum:documents/3": "deleted"}
    # since the withdrawal: only the deletion
    since = repository.datestamp(withdrawn.modified)
    assert _statuses(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})) == {
        "oai:plenum:documents/3": "deleted"
    }
    embargoed = oai(client, verb="GetRecord", identifier="oai:plenum:documents/4", metadataPrefix="oai_dc")
    assert errors_of(embargoed) == ["idDoesNotExist"]


def test_a_record_returned_to_draft_leaves_the_deletions(client, withdrawn):
    publishing.return_to_draft([withdrawn.pk])
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert "oai:plenum:documents/3" not in _statuses(root)
    publishing.publish([withdrawn.pk])
    assert _statuses(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))["oai:plenum:documents/3"] is None


def test_records_in_tei(client, withdrawn, monkeypatch):
    one = oai(client, verb="GetRecord", identifier="oai:plenum:documents/2", metadataPrefix="tei")
    (document,) = one.find(f".//{OAI}metadata")
    assert document.tag == f"{TEI}TEI"
    assert document.findtext(f".//{TEI}msIdentifier/{TEI}idno") == "AVPRF F. 0102 Op. 11 P. 65 D. 45"
    assert document.findtext(f".//{TEI}publicationStmt/{TEI}idno[@type='URI']") == "http://testserver/documents/2/"
    assert document.find(f"{TEI}text//{TEI}persName") is not None
    listed = oai(client, verb="ListRecords", metadataPrefix="tei")
    assert _statuses(listed) == {f"oai:plenum:documents/{n}": None for n in (1, 2, 5)} | {
        "oai:plenum:documents/3": "deleted"
    }
    assert len(listed.findall(f".//{OAI}metadata/{TEI}TEI")) == 3
    monkeypatch.setattr(repository, "TEI_PAGE_SIZE", 3)
    first = oai(client, verb="ListIdentifiers", metadataPrefix="tei")
    assert len(first.findall(f".//{OAI}header")) == 3 and first.findtext(f".//{OAI}resumptionToken")
    assert len(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").findall(f".//{OAI}header")) == 4
    gone = oai(client, verb="GetRecord", identifier="oai:plenum:documents/3", metadataPrefix="tei")
    assert gone.find(f".//{OAI}metadata") is None


def test_sets_select_their_documents(client, archive):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="source:rodong-sinmun")
    assert [i.text for i in root.iter(f"{OAI}identifier")] == ["oai:plenum:documents/5"]
    kcna = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="source:korean-central-news-agency-kcna")
    assert [i.text for i in kcna.iter(f"{OAI}identifier")] == ["oai:plenum:documents/3", "oai:plenum:documents/4"]
    assert errors_of(oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="collection")) == ["noRecordsMatch"]
    assert errors_of(oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="source:nowhere")) == [
        "noRecordsMatch"
    ]
    assert errors_of(oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="shelf:x")) == ["noRecordsMatch"]


def test_from_and_until_select_by_datestamp(client, archive):
    Document.objects.filter(record=1).update(modified="2020-01-01T10:00:00Z")
    Document.objects.filter(record=2).update(modified="2020-01-02T10:00:00Z")
    Document.objects.exclude(record__in=[1, 2]).update(modified="2021-06-01T00:00:00Z")

    def listed(**dates):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **dates)
        return errors_of(root) or [i.text[-1] for i in root.iter(f"{OAI}identifier")]

    assert listed(until="2020-01-01") == ["1"]
    assert listed(until="2020-01-01T10:00:00Z") == ["1"]
    assert listed(until="2020-01-01T09:59:59Z") == ["noRecordsMatch"]
    assert listed(**{"from": "2020-01-02", "until": "2020-12-31"}) == ["2"]
    assert listed(**{"from": "2020-01-02T10:00:00Z"}) == ["2", "3", "4", "5"]
    assert listed(**{"from": "2022-01-01"}) == ["noRecordsMatch"]


def test_resumption_tokens_page_through_the_whole_list(client, archive, monkeypatch):
    monkeypatch.setattr(repository, "PAGE_SIZE", 2)
    seen, params, pages = [], {"verb": "ListRecords", "metadataPrefix": "oai_dc"}, 0
    while True:
        root = oai(client, **params)
        pages += 1
        seen += [i.text for i in root.iter(f"{OAI}identifier")]
        token = root.find(f".//{OAI}resumptionToken")
        assert token is not None
        assert token.get("completeListSize") == "5" and token.get("cursor") == str(2 * (pages - 1))
        if not token.text:
            break
        params = {"verb": "ListRecords", "resumptionToken": token.text}
    assert pages == 3
    assert sorted(seen) == sorted(repository.identifier(d) for d in Document.objects.published())


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "oai:plenum:documents/2"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({**LIST, "from": "2020-13-45"}, "badArgument"),
        ({**LIST, "from": "yesterday"}, "badArgument"),
        (
            {**LIST, "from": "2020-01-01", "until": "2020-02-01T00:00:00Z"},
            "badArgument",
        ),
        (
            {**LIST, "from": "2021-01-01", "until": "2020-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {**GET, "metadataPrefix": "mods"},
            "cannotDisseminateFormat",
        ),
        ({"verb": "GetRecord", "identifier": "oai:plenum:documents/99", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"verb": "GetRecord", "identifier": "documents/2", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"verb": "GetRecord", "identifier": "oai:plenum:documents/２", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:plenum:documents/99"}, "idDoesNotExist"),
    ],
)
def test_every_error_condition(client, archive, params, code):
    root = oai(client, **params)
    assert code in errors_of(root)
    if code in ("badVerb", "badArgument"):
        assert dict(root.find(f"{OAI}request").attrib) == {}  # the request is not echoed
    else:
        assert root.find(f"{OAI}request").get("verb") == params["verb"]


def test_post_is_answered_like_get(client, archive):
    got = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    posted = oai(client, "post", verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert [i.text for i in posted.iter(f"{OAI}identifier")] == [i.text for i in got.iter(f"{OAI}identifier")]


def test_queries_do_not_grow_with_the_records_listed(client, archive, django_assert_max_num_queries):
    for n in range(6):
        import_text(annotated("More.", title=f"More {n}", extra=f"entity: p:person-{n} = Person {n} ; role = author"))
    with django_assert_max_num_queries(10):
        oai(client, verb="ListRecords", metadataPrefix="oai_dc")


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_the_whole_archive_from_the_live_server(live_server, seeds, monkeypatch):
    sickle = pytest.importorskip("sickle")
    monkeypatch.setattr(repository, "PAGE_SIZE", 2)
    harvester = sickle.Sickle(f"{live_server.url}/oai/")
    identify = harvester.Identify()
    assert identify.repositoryName == "Plenum"
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    assert sorted(r.header.identifier for r in records) == sorted(
        repository.identifier(d) for d in Document.objects.published()
    )
    memo = next(r for r in records if r.header.identifier == "oai:plenum:documents/2")
    assert memo.metadata["creator"] == ["Vyacheslav Molotov", "Mikhail Suslov"]
    assert [s.setSpec for s in harvester.ListSets()][:2] == ["collection", "source"]
    assert harvester.GetRecord(identifier="oai:plenum:documents/5", metadataPrefix="oai_dc").metadata["publisher"] == [
        "Rodong Sinmun"
    ]
    listed = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="source:rodong-sinmun"))
    assert [h.identifier for h in listed] == ["oai:plenum:documents/5"]
    publishing.withdraw([Document.objects.get(record=5).pk], "The rights holder objected.")
    (gone,) = harvester.ListIdentifiers(metadataPrefix="oai_dc", set="source:rodong-sinmun")
    assert (gone.identifier, gone.deleted) == ("oai:plenum:documents/5", True)
    assert harvester.GetRecord(identifier="oai:plenum:documents/5", metadataPrefix="oai_dc").deleted
    tei_records = list(harvester.ListRecords(metadataPrefix="tei"))
    assert len(tei_records) == len(records)
    assert sum(not r.deleted for r in tei_records) == len(records) - 1
