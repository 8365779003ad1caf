"""Queries compiled once and run for each record give what the ORM gives, with one query each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Document, Mention, Text
from archive.models.prepared import Prepared
from tests.conftest import make_entity

pytestmark = pytest.mark.django_db


def make_document(title: str, **fields) -> Document:
    fields = {"doc_type": "report", "language": "en", "date_edtf": "1956-08-30", "status": "published", **fields}
    return Document.objects.create(title=title, **fields)


@pytest.fixture
def documents(db):
    first, second = make_document("First"), make_document("Second", date_edtf="1957")
    for order, plain in enumerate(["one", "two"]):
        Text.objects.create(document=first, order=order, language="en", text_type="original", plain=plain)
    Text.objects.create(document=second, order=0, language="ko", text_type="original", plain="three")
    person, place = make_entity("person", "Pak Hon Yong"), make_entity("place", "Pyongyang")
    Mention.objects.create(document=first, entity=place, role="mentioned")
    Mention.objects.create(document=first, entity=person, role="author")
    Mention.objects.create(document=second, entity=person, role="mentioned")
    return first, second


def test_each_run_gives_what_the_orm_gives_for_its_own_value(documents):
    mentions = Mention.objects.select_related("entity").order_by("entity__sort_name", "role")
    prepared = Prepared(mentions.filter(document_id=Prepared.VALUE))
    for document in documents:
        expected = list(mentions.filter(document_id=document.pk))
        found = prepared.run(document.pk)
        assert [(m.pk, m.role, m.entity.name) for m in found] == [(m.pk, m.role, m.entity.name) for m in expected]
        assert found and all(m.document_id == document.pk for m in found)
    assert prepared.run(0) == []


def test_annotations_slices_and_converted_values_survive(documents):
    first, second = documents
    prepared = Prepared(Document.objects.published().with_page_changed().filter(record=Prepared.VALUE)[:1])
    for document in documents:
        (found,) = prepared.run(document.record)
        fresh = Document.objects.with_page_changed().get(pk=document.pk)
        assert (found.pk, found.title, found.date_start) == (document.pk, document.title, fresh.date_start)
        assert found.texts_changed == fresh.texts_changed and found.texts_changed is not None  # a datetime again
    assert prepared.run(first.record + second.record + 100) == []


def test_compiled_once_then_one_query_per_run(documents, monkeypatch):
    from django.db.models.sql.compiler import SQLCompiler

    compiled = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or as_sql(self, *a, **k))
    prepared = Prepared(Text.objects.order_by("order").filter(document_id=Prepared.VALUE))
    first, second = documents
    assert [t.plain for t in prepared.run(first.pk)] == ["one", "two"]
    assert compiled == [1]
    with CaptureQueriesContext(connection) as captured:
        assert [t.plain for t in prepared.run(second.pk)] == ["three"]
    assert compiled == [1]
    assert len(captured.captured_queries) == 1
    assert captured.captured_queries[0]["sql"].endswith(f'= {second.pk} ORDER BY "archive_text"."order" ASC')


def test_a_query_without_the_stand_in_is_refused(documents):
    with pytest.raises(ValueError, match=r"Prepared\.VALUE"):
        Prepared(Text.objects.filter(document_id=documents[0].pk)).run(1)
