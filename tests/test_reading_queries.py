"""What the entity page and the document list read from the database: exact counts, the same lists
whichever way they are read, and a number of queries that does not grow with the archive."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Document, Entity, Mention
from archive.models import documents as document_models
from tests.conftest import annotated, import_text, make_entity

pytestmark = pytest.mark.django_db


def make_document(title: str, date: str = "1956-08-30", *, status: str = "published", **fields) -> Document:
    fields = {"doc_type": "report", "language": "en", **fields}
    return Document.objects.create(title=title, date_edtf=date, status=status, **fields)


def name(entity: Entity, document: Document, *roles: str) -> None:
    Mention.objects.bulk_create(Mention(entity=entity, document=document, role=role) for role in roles)


@pytest.fixture
def pak(db):
    """Named in published documents (twice in one), in a draft, and alongside another person."""
    pak, other = make_entity("person", "Pak Hon Yong"), make_entity("person", "Ho Ka I")
    documents = {
        "letter": make_document("Letter", "1950-06-01"),
        "report": make_document("Report", "1949-01-15"),
        "undated": make_document("Undated note", ""),
        "draft": make_document("Draft", "1951-01-01", status="draft"),
        "elsewhere": make_document("Elsewhere", "1952-01-01"),
    }
    name(pak, documents["letter"], "author", "mentioned", "mentioned")
    name(pak, documents["report"], "mentioned")
    name(pak, documents["undated"], "signatory")
    name(pak, documents["draft"], "author", "mentioned", "recipient")
    name(other, documents["elsewhere"], "mentioned")
    return pak, documents


def test_counts_are_of_published_documents_each_counted_once(pak):
    entity, _ = pak
    total, counts = entity.mentions.published_document_counts()
    assert total == 3
    assert counts == {"author": 1, "mentioned": 2, "signatory": 1}  # no recipient: only the draft has one


def test_unpublished_is_every_document_not_published(pak):
    _, documents = pak
    assert set(Document.objects.unpublished()) == {documents["draft"]}
    assert Document.objects.unpublished().count() + Document.objects.published().count() == Document.objects.count()


@pytest.mark.parametrize("many", [0, 1000], ids=["read in list order", "fetched by id"])
def test_documents_of_a_role_are_the_same_whichever_way_they_are_read(pak, monkeypatch, many):
    entity, documents = pak
    monkeypatch.setattr(document_models, "MANY_DOCUMENTS", many)
    mentioned = list(entity.mentions.filter(role="mentioned").published_documents(2))
    assert mentioned == [documents["report"], documents["letter"]]
    everything = list(entity.mentions.published_documents(3))
    in_list_order = Document.objects.published().order_by("date_start", "record")
    assert everything == [d for d in in_list_order if d.title in ("Letter", "Report", "Undated note")]


def test_documents_fetched_by_id_are_gathered_without_sorting_the_mentions(pak):
    """The ids are a set: sorting the mentions (their default order joins their texts and documents) before
    gathering them tripled the query for an entity named 3,000 times."""
    entity, _ = pak
    with CaptureQueriesContext(connection) as queries:
        list(entity.mentions.published_documents(3))
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert sql.count("ORDER BY") == 1 and "archive_text" not in sql


def test_the_reading_page_asks_as_many_queries_whatever_the_entities_it_names(client, db):
    """What the page shows of each entity comes with its mentions: no field it reads was left behind."""

    def queries_for(record, names):
        people = "\n".join(
            f"entity: p:p{n} = Person {n} ; wikidata = Q{n + 1} ; desc = A delegate ; dates = 1900/1970"
            + (" ; role = author" if n == 0 else "")
            for n in range(names)
        )
        body = " ".join(f"{{p:p{n}|Person {n}}} said so. {{p:p{n}|He}} did." for n in range(names))
        import_text(annotated(body, record=record, extra=people), name=f"{record}.txt")
        client.get(f"/documents/{record}/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/documents/{record}/").content.decode()
        assert f"Person {names - 1}" in html and f"wikidata.org/entity/Q{names}" in html
        return len(queries)

    assert queries_for(1, 1) == queries_for(2, 6)


def test_entity_page_counts_published_documents_only(client, pak):
    entity, _ = pak
    html = client.get(entity.get_absolute_url()).content.decode()
    assert "All 3 documents naming Pak Hon Yong" in html
    assert 'Author <span class="count">(1)</span>' in html
    assert 'Mentioned <span class="count">(2)</span>' in html
    assert "Recipient" not in html and "Draft" not in html


def _queries(client, url: str) -> int:
    client.get(url)  # content types, sessions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("many", [5, 1000], ids=["read in list order", "fetched by id"])
def test_entity_page_queries_do_not_grow_with_its_documents(client, db, monkeypatch, many):
    monkeypatch.setattr(document_models, "MANY_DOCUMENTS", many)
    few, lots = make_entity("person", "Few"), make_entity("person", "Lots")
    for n in range(2):
        name(few, make_document(f"Few {n}", f"19{50 + n}"), "author", "mentioned")
    for n in range(30):
        name(lots, make_document(f"Lots {n}", f"19{50 + n}"), "author", "mentioned", "mentioned")
    name(lots, make_document("Lots draft", status="draft"), "author")
    assert _queries(client, lots.get_absolute_url()) == _queries(client, few.get_absolute_url())
    html = client.get(lots.get_absolute_url()).content.decode()
    assert "All 30 documents" in html and "See all 30" in html
    assert html.count('class="doc-row"') == 40


def test_document_list_queries_do_not_grow_with_documents(client, db):
    for n in range(3):
        make_document(f"Early {n}", f"19{60 + n}")
    url = "/documents/?type=report&year_from=1950"
    few = _queries(client, url)
    for n in range(40):
        make_document(f"Later {n}", f"19{60 + n}", language="ko" if n % 2 else "en")
    assert _queries(client, url) == few


def test_language_choices_are_those_of_published_documents_in_order(client, db):
    assert Document.published_languages() == []
    for language in ("ko", "en", "ru", "en"):
        make_document(f"In {language}", language=language)
    make_document("Draft in French", language="fr", status="draft")
    assert Document.published_languages() == ["en", "ko", "ru"]
    html = client.get("/documents/").content.decode()
    assert '<option value="ko">ko</option>' in html and 'value="fr"' not in html


@pytest.fixture
def small_archive(db):
    """Documents in a collection, with a source and a person, found by search."""
    source = "\n".join(
        [
            "AAT/1",
            "record: {record}",
            "title: Plenum report {record}",
            "date: 195{record}",
            "type: report",
            "lang: en",
            "status: published",
            "source: KCNA",
            "collection: August 1956",
            "entity: p:kim-il-sung = Kim Il Sung",
            "",
            "The plenum heard {{p:kim-il-sung|Kim Il Sung}} on grain.",
            "",
        ]
    )
    for record in range(1, 5):
        import_text(source.format(record=record), name=f"{record}.txt")
    return Entity.objects.get(slug="kim-il-sung")


# Queries per page measured before the document lists, search, collections and entity pages shared one
# pipeline; each page must read no more.
QUERIES_BEFORE = [
    ("/documents/", 5),
    ("/documents/?type=report&year_from=1950&person={person}&sort=title", 6),
    ("/search/", 8),
    ("/search/?q=plenum&type=report&person={person}", 11),
    ("/collections/august-1956/", 3),
    ("/persons/{person}/", 7),
    ("/", 4),
]


@pytest.mark.parametrize(("url", "before"), QUERIES_BEFORE)
def test_reading_pages_read_no_more_than_before(client, small_archive, url, before):
    assert _queries(client, url.format(person=small_archive.pk)) <= before


def test_record_addresses_are_remembered_under_the_script_prefix_in_force(pak):
    from django.urls import clear_script_prefix, set_script_prefix

    person, documents = pak
    assert person.get_absolute_url() == f"/persons/{person.pk}/"
    assert documents["letter"].get_absolute_url() == f"/documents/{documents['letter'].record}/"
    set_script_prefix("/archive/")
    try:
        assert person.get_absolute_url() == f"/archive/persons/{person.pk}/"
        assert documents["letter"].get_absolute_url() == f"/archive/documents/{documents['letter'].record}/"
    finally:
        clear_script_prefix()
    assert person.get_absolute_url() == f"/persons/{person.pk}/"


def test_the_document_page_shows_collections_and_related_documents_and_asks_only_when_there_are_some(
    client, pak, django_assert_num_queries
):
    from archive.models import Collection, CollectionItem

    _, documents = pak
    plain, linked = documents["report"], documents["letter"]
    collection = Collection.objects.create(name="Letters of 1950")
    CollectionItem.objects.create(collection=collection, document=linked)
    linked.related.add(documents["elsewhere"], documents["draft"])
    client.get(plain.get_absolute_url())  # sessions, content types
    with CaptureQueriesContext(connection) as with_both:
        page = client.get(linked.get_absolute_url()).content.decode()
    assert "Letters of 1950" in page and ">Elsewhere</a>" in page and ">Draft</a>" not in page
    with django_assert_num_queries(len(with_both) - 2):
        page = client.get(plain.get_absolute_url()).content.decode()
    assert "Related documents" not in page and "<dt>Collections</dt>" not in page


def test_a_query_built_daily_is_built_again_on_another_day(monkeypatch):
    import datetime

    from django.utils import timezone

    from archive.models.common import built_daily

    builds = []

    @built_daily
    def public_today():
        builds.append(timezone.localdate())
        return Document.objects.published()

    assert public_today() is public_today()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2031, 1, 2))
    public_today()
    public_today()
    assert builds == [builds[0], datetime.date(2031, 1, 2)]


def test_a_reading_page_document_holds_its_relations_as_a_prefetch_leaves_them(pak, django_assert_num_queries):
    from archive.models.documents import reading_page

    person, documents = pak
    letter = reading_page(documents["letter"].record).prefetch_reading_relations()
    with django_assert_num_queries(0):
        roles = [(m.entity, m.role) for m in letter.mentions.all()]
        assert roles == [(person, "author"), (person, "mentioned")]  # named twice: once for each entity and role
        assert all(m.document is letter for m in letter.mentions.all())
        assert list(letter.collections.all()) == [] and list(letter.related.all()) == []
    with django_assert_num_queries(1):  # a narrower question is asked of the database, as after a prefetch
        assert list(letter.mentions.filter(role="author").values_list("role", flat=True)) == ["author"]
    assert reading_page(documents["draft"].record) is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("relation", ["collections", "related"])
def test_a_documents_collections_and_related_documents_are_found_by_key(pak, relation):
    """From the document's rows of the link table: joined the other way, SQLite walked every published document
    (by the status index) to find the few the document relates, 33 ms at 100,000 documents."""
    (for_one_document,) = [query for name, query in document_models._reading_prefetches() if name == relation]
    sql, params = for_one_document.queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    table = "archive_collection" if relation == "collections" else "archive_document"
    steps = [step for step in plan if f" {table} " in f"{step} "]
    assert steps and all("rowid=?" in step or "PRIMARY KEY" in step for step in steps), plan


def test_the_reading_page_reads_the_reading_form_of_its_texts_only(pak):
    from archive.models import Text
    from archive.models.documents import reading_page

    _, documents = pak
    Text.objects.create(
        document=documents["letter"],
        language="en",
        text_type="translation",
        source="{p:x|Words}",
        rendered="<p>Words</p>",
    )
    letter = reading_page(documents["letter"].record).prefetch_reading_relations()
    (text,) = letter.texts.all()
    assert {"source", "plain"} <= text.get_deferred_fields() and text.rendered == "<p>Words</p>"


def test_when_a_page_changed_reads_each_named_entity_by_key(pak):
    """The latest change of the entities a document names, from its mentions, each entity looked up by key. Joined to
    the mentions, PostgreSQL walked every entity newest first for one the document names, or hashed them all (0.5 to
    0.7 ms of the page's first query with 5,000 entities, growing with them)."""
    from archive.models.documents import reading_page

    person, documents = pak
    with CaptureQueriesContext(connection) as queries:
        letter = reading_page(documents["letter"].record)
    (sql,) = [query["sql"] for query in queries.captured_queries]
    mentions = sql[sql.index('FROM "archive_mention"') :]
    assert not re.match(r'[^()]*JOIN "archive_entity"', mentions)
    assert letter.entities_changed == person.modified


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgres_plans_a_reading_pages_queries_once_per_connection(client, pak):
    """The same queries of every document, prepared by the connection that runs them again
    (DATABASE_PREPARED_STATEMENTS): parsed and planned once rather than for each page."""
    _, documents = pak

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [statement for (statement,) in cursor.fetchall()]

    before = prepared()
    for _ in range(3):
        for document in documents.values():
            client.get(f"/documents/{document.record}/")
    new = [statement for statement in prepared() if statement not in before]
    assert any('FROM "archive_mention"' in statement for statement in new), new
