"""The synthetic corpus: realistic structure, valid texts, mentions that point at their words."""

import pytest
from django.core.management import call_command

from archive.annotated import dates, parse_body
from archive.corpus import fabricate, generate
from archive.models import Collection, Document, Entity, EntityName, Mention, ProvenanceStep, RecordNumber, Text

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
    document = Document.objects.published().order_by("?").first()
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
