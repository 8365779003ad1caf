"""Conditional GET and Cache-Control on the public pages."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from archive.models import Document, Entity, Text
from tests.conftest import annotated, import_text


@pytest.fixture
def document(db):
    source = annotated(
        "Report by {p:kim-il-sung|Kim Il Sung}.", extra="entity: p:kim-il-sung = Kim Il Sung ; role = author"
    )
    return import_text(source).document


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _later(model, **lookup):
    """Move a record's modified timestamp a minute into the future, as an edit would."""
    model.objects.filter(**lookup).update(modified=timezone.now() + datetime.timedelta(minutes=1))


def test_document_page_answers_304_to_its_etag_and_date(client, document):
    url = document.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert _cache_control(first) == {"public", "max-age=300"}
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize(
    "change",
    [
        lambda d: _later(Document, pk=d.pk),
        lambda d: _later(Text, document=d),
        lambda d: _later(Entity, slug="kim-il-sung"),
    ],
    ids=["document", "text", "entity named on the page"],
)
def test_document_page_is_fresh_again_after_a_change(client, document, change):
    url = document.get_absolute_url()
    first = client.get(url)
    change(document)
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 200
    assert by_etag["ETag"] != first["ETag"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_entity_page_answers_304_until_the_entity_or_a_document_changes(client, document):
    entity = Entity.objects.get(slug="kim-il-sung")
    url = entity.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert _cache_control(first) == {"public", "max-age=300"}
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    _later(Entity, pk=entity.pk)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
    _later(Document, pk=document.pk)  # a newly published document may name the entity
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 200


def test_drafts_stay_hidden_whatever_the_validators(client, document):
    url = document.get_absolute_url()
    etag = client.get(url)["ETag"]
    Document.objects.filter(pk=document.pk).update(status="draft")
    for headers in ({}, {"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": http_date()}):
        response = client.get(url, **headers)
        assert response.status_code == 404
        assert "ETag" not in response
        assert "public" not in _cache_control(response)


def test_a_deleted_record_is_gone_and_not_cached(client, document):
    url = document.get_absolute_url()
    document.delete()
    response = client.get(url)
    assert response.status_code == 410
    assert "public" not in _cache_control(response)


def test_the_validator_costs_one_query_on_a_304(client, document, django_assert_num_queries):
    url = document.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_lists_are_cached_briefly_and_admin_never(client, document, admin_client):
    assert _cache_control(client.get("/documents/")) == {"public", "max-age=60"}
    assert _cache_control(client.get("/persons/")) == {"public", "max-age=60"}
    admin = admin_client.get(f"/admin/archive/document/{document.pk}/change/")
    assert admin.status_code == 200
    assert "public" not in _cache_control(admin)
