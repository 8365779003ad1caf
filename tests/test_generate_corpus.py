"""The synthetic corpus: realistic structure, valid texts, mentions that point at their words."""

import gc
import re
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from archive import search
from archive.annotated import dates, parse_body
from archive.corpus import bulk, fabricate, generate
from archive.corpus.build import in_order
from archive.corpus.fabricate import KIND_SHARES
from archive.models import (
    Collection,
    CollectionItem,
    Document,
    Entity,
    EntityName,
    Mention,
    ProvenanceStep,
    RecordNumber,
    Shingle,
    Source,
    Text,
)

DOCUMENTS = 60


@pytest.fixture
def corpus(db):
    return generate(DOCUMENTS, seed=7, batch=25)


def test_counts_and_records(corpus):
    assert corpus.documents == Document.objects.count() == DOCUMENTS
    assert corpus.texts == Text.objects.count() >= DOCUMENTS
    assert corpus.mentions == Mention.objects.count() > DOCUMENTS
    assert corpus.entities == Entity.objects.count() >= 25
    records = sorted(Document.objects.values_list("record", flat=True))
    assert records == list(range(1, DOCUMENTS + 1))
    assert set(RecordNumber.objects.values_list("number", flat=True)) == set(records)
    assert set(Entity.objects.values_list("kind", flat=True)) == {"person", "organization", "place", "event", "topic"}


def test_documents_are_varied_and_complete(corpus):
    documents = Document.objects.all()
    assert documents.filter(date_start__isnull=True).exclude(date_edtf="").exists()  # unknown years
    assert documents.filter(date_edtf__startswith="XXXX").exists()
    assert documents.values("doc_type").distinct().count() >= 5
    single = [d.rstrip("~?%") for d in documents.values_list("date_edtf", flat=True) if "/" not in d]
    assert {len(d) for d in single} >= {4, 7, 10}  # years, months and days
    assert documents.exclude(rights=None).exists() and documents.exclude(source=None).exists()
    assert ProvenanceStep.objects.values("document").distinct().count() == DOCUMENTS
    assert Collection.objects.filter(documents__isnull=False).exists()
    for document in documents:
        assert (document.date_start, document.date_end) == dates.bounds(document.date_edtf)
    sizes = [len(source.encode()) for source in Text.objects.filter(order=0).values_list("source", flat=True)]
    assert min(sizes) >= 1000


def test_names_have_variants_in_other_scripts_and_forms(corpus):
    variants = list(EntityName.objects.values_list("name", flat=True))
    assert any("-" in name for name in variants)
    assert any("\uac00" <= char <= "\ud7a3" for name in variants for char in name)  # Hangul syllables
    for variant in EntityName.objects.all()[:50]:
        assert variant.normalized and variant.normalized != variant.entity.name_normalized


def test_every_text_is_valid_annotated_text_rendered_as_stored(corpus):
    for text in Text.objects.all():
        parsed = parse_body(text.source, lang=text.language, type=text.text_type)
        assert parsed.ok, parsed.errors
        assert parsed.texts[0].plain == text.plain
        assert text.rendered.startswith("<") and 'class="entity' in text.rendered


def test_mentions_point_at_their_quotes(corpus):
    spans = Mention.objects.exclude(text=None).select_related("text")
    assert spans.exists()
    for mention in spans:
        assert mention.text.plain[mention.start : mention.end] == mention.quote
        assert mention.document_id == mention.text.document_id
    assert Mention.objects.filter(text=None, role="author").exists()  # roles stated in the header


def test_pages_answer(client, corpus):
    document = Document.objects.published().order_by("record").first()
    entity = Mention.objects.filter(document__status="published").first().entity
    for url in (document.get_absolute_url(), entity.get_absolute_url(), "/", "/documents/?type=report&year_from=1950"):
        assert client.get(url).status_code == 200, url
    draft = Document.objects.filter(status="draft").first()
    if draft:
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_same_seed_makes_the_same_documents():
    entities = fabricate.make_entities(40, 3, set())
    catalog = fabricate.Catalog(entities, {})
    first, again = fabricate.make_document(3, 5, catalog, 4), fabricate.make_document(3, 5, catalog, 4)
    assert first == again
    assert fabricate.make_document(4, 5, catalog, 4).texts[0].source != first.texts[0].source


def test_command_adds_to_an_existing_archive_without_clashes(db, capsys):
    call_command("generate_corpus", documents=30, batch=10)
    call_command("generate_corpus", documents=30, batch=10)
    assert Document.objects.count() == 60
    assert Document.objects.order_by("-record").first().record == 60
    assert Entity.objects.count() == 50  # slugs of the second run were made distinct
    assert "Added 30 documents" in capsys.readouterr().out


def test_generated_records_carry_name_keys_and_text_sketches(corpus):
    from archive.fingerprint import SKETCH_SIZE
    from archive.models import Shingle
    from archive.models.entities import name_key

    for entity in Entity.objects.all()[:50]:
        assert entity.name_key == name_key(entity.name) != ""
    for variant in EntityName.objects.all()[:50]:
        assert variant.name_key == name_key(variant.name)
    assert Shingle.objects.values("document").distinct().count() == DOCUMENTS
    assert Shingle.objects.count() == DOCUMENTS * SKETCH_SIZE


# Streaming: batches, workers and memory ----------------------------------------------------------


def _snapshot() -> dict:
    """The corpus in the archive by natural values (record numbers, entity keys, names), not primary keys,
    which a rolled-back build may have used up on PostgreSQL."""
    entities = {entity.pk: entity.key for entity in Entity.objects.all()}
    urls = {entity.get_absolute_url(): entity.key for entity in Entity.objects.all()}
    collections = dict(Collection.objects.values_list("pk", "name"))
    sources = dict(Source.objects.values_list("pk", "name"))
    refers = {"collection": collections, "source": sources, **{kind: entities for kind in KIND_SHARES}}

    def facet(token: str) -> str:
        name, _, value = token.partition(":")
        return f"{name}:{refers[name][int(value)]}" if name in refers else token

    def links(html: str) -> str:
        return re.sub(r'href="([^"]+)"', lambda m: f'href="{urls.get(m[1], m[1])}"', html)

    records = dict(Document.objects.values_list("pk", "record"))
    index = search.backend().read(list(records))
    return {
        "documents": list(
            Document.objects.order_by("record").values_list(
                "record",
                "title",
                "slug",
                "summary",
                "doc_type",
                "date_edtf",
                "status",
                "classification",
                "source__name",
                "rights__uri",
                "original_language",
            )
        ),
        "texts": [
            (record, order, language, links(rendered), plain)
            for record, order, language, rendered, plain in Text.objects.order_by(
                "document__record", "order"
            ).values_list("document__record", "order", "language", "rendered", "plain")
        ],
        "mentions": sorted(
            (
                (record, order, entities[entity], role, start, end, quote)
                for record, order, entity, role, start, end, quote in Mention.objects.values_list(
                    "document__record", "text__order", "entity", "role", "start", "end", "quote"
                )
            ),
            key=repr,  # a mention stated in the header has no text
        ),
        "related": sorted(Document.related.through.objects.values_list("from_document__record", "to_document__record")),
        "collections": sorted(CollectionItem.objects.values_list("collection__name", "document__record", "order")),
        "provenance": sorted(ProvenanceStep.objects.values_list("document__record", "order", "activity", "agent_name")),
        "shingles": sorted(Shingle.objects.values_list("document__record", "value")),
        "index": sorted(
            (records[pk], row.title, row.summary, row.body, row.names, " ".join(map(facet, row.facets.split())))
            for pk, row in index.items()
        ),
    }


def _built(documents: int, **options) -> dict:
    """The snapshot of a corpus built in an archive left as it was found afterwards."""
    with transaction.atomic():
        generate(documents, seed=11, **options)
        found = _snapshot()
        transaction.set_rollback(True)
    return found


def test_batches_and_workers_make_the_corpus_of_one_batch(db):
    whole = _built(45, batch=45)
    assert len(whole["documents"]) == 45 and whole["related"] and whole["collections"]
    assert len(whole["index"]) == sum(d[6] == "published" for d in whole["documents"])
    assert _built(45, batch=7) == whole
    assert _built(45, batch=7, workers=2) == whole


def test_the_search_index_is_written_with_each_batch(db):
    generate(30, seed=3, batch=8)
    assert search.in_step()
    title = Document.objects.published().order_by("record").values_list("title", flat=True).first()
    assert search.search(title.split()[-1]).total >= 1


class _Pool:
    """A stand-in for multiprocessing.Pool that counts the results asked for and not yet taken."""

    def __init__(self):
        self.outstanding = self.most = 0

    def apply_async(self, function, arguments):
        self.outstanding += 1
        self.most = max(self.most, self.outstanding)
        pool = self

        class Result:
            def get(self):
                pool.outstanding -= 1
                return function(*arguments)

        return Result()


def test_workers_run_at_most_a_few_batches_ahead_of_the_writer():
    pool = _Pool()
    taken = []
    for value in in_order(pool, lambda n: n * n, range(50), ahead=4):
        taken.append(value)
        assert pool.outstanding <= 4
    assert taken == [n * n for n in range(50)]
    assert pool.most == 4


def test_memory_does_not_grow_with_the_size_of_the_corpus(db):
    """What the build keeps from one batch to the next stays level while the corpus grows tenfold: only a
    batch at a time is held (a build that kept its documents would gain about a batch's worth each time)."""
    kept, peaks = [], []

    def measure(documents: int) -> None:
        peaks.append(tracemalloc.get_traced_memory()[1])
        gc.collect()
        kept.append(tracemalloc.get_traced_memory()[0])
        tracemalloc.reset_peak()

    with transaction.atomic():
        tracemalloc.start()
        try:
            generate(20, seed=5, batch=20)  # fills Django's caches (SQL compilers) first
            generate(200, seed=5, batch=20, progress=measure)
        finally:
            tracemalloc.stop()
        transaction.set_rollback(True)
    batch = sorted(peaks)[len(peaks) // 2] - kept[0]  # what one batch takes
    assert len(kept) == 10 and batch > 500_000
    # Kept memory wanders by less than a batch (statement caches); a build that kept its documents would
    # gain about a batch each time, nine batches' worth here.
    assert max(kept[-3:]) - kept[1] < 2 * batch, (kept, batch)
    assert max(peaks) < min(kept) + 3 * batch, (peaks, kept, batch)


def test_command_refuses_a_negative_number_of_workers(db):
    with pytest.raises(CommandError, match="--workers"):
        call_command("generate_corpus", documents=5, workers=-1)
    assert not Document.objects.exists()


# Ready to serve, and the loading session -------------------------------------------------------

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics and settings")


def test_the_report_says_the_search_index_is_in_step(db):
    report = generate(20, seed=3, batch=8)
    assert report.in_step and search.in_step()
    assert report.seconds["ready"] >= 0


@needs_postgres
def test_statistics_are_current_after_a_load(db):
    """The planner knows the new sizes at once (a never-analysed table has reltuples -1)."""
    generate(30, seed=3, batch=10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('archive_document', 'archive_search_terms')"
        )
        estimates = dict(cursor.fetchall())
    assert estimates == {
        "archive_document": Document.objects.count(),
        "archive_search_terms": Document.objects.published().count(),
    }


@needs_postgres
def test_a_load_ranks_the_common_words_ahead(db, monkeypatch):
    """The words found in more than HOLD_FROM documents are ranked ahead when the load ends, as after a rebuild."""
    from archive.search.backends import postgres

    monkeypatch.setattr(postgres, "HOLD_FROM", 10)
    report = generate(30, seed=3, batch=10)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT lexeme, total FROM {postgres.COMMON}")
        held = dict(cursor.fetchall())
        cursor.execute(f"SELECT word, ndoc FROM ts_stat('SELECT vector FROM {postgres.TERMS}') WHERE ndoc > 10")
        assert held == dict(cursor.fetchall()) != {}
    assert report.seconds["common words"] >= 0


@needs_postgres
def test_the_loading_session_is_set_while_loading_and_put_back_after(db):
    def setting(name: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s)", [name])
            return cursor.fetchone()[0]

    before = {name: setting(name) for name in bulk.SESSION}
    during = []
    generate(20, seed=3, batch=10, progress=lambda done: during.append(setting("synchronous_commit")))
    assert during == ["off", "off"]
    assert {name: setting(name) for name in bulk.SESSION} == before


@needs_postgres
def test_indexes_set_aside_while_loading_are_built_again_the_same(db):
    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()")
            return {definition for (definition,) in cursor.fetchall()}

    before, during, notified = indexes(), [], []
    report = generate(
        20, seed=3, batch=10, set_aside=True, notify=notified.append, progress=lambda _: during.append(indexes())
    )
    assert indexes() == before
    assert report.indexes_set_aside == len(notified) > 0 and set(notified) <= before
    assert any("USING gin (vector)" in definition for definition in notified)
    assert all(found == before - set(notified) for found in during)
    # Kept: primary keys, unique constraints, and the indexes by document the load reads through.
    for definition in notified:
        assert "UNIQUE" not in definition and "(document_id)" not in definition
    assert "CREATE INDEX archive_mention_document_id_98511669 ON public.archive_mention USING btree (document_id)" in (
        before - set(notified)
    )


@needs_postgres
def test_a_load_with_indexes_set_aside_makes_the_same_corpus(db):
    assert _built(45, batch=7, set_aside=True) == _built(45, batch=7, set_aside=False)
