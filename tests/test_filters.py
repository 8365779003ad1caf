"""The one FilterSet for documents: what each filter keeps, how they combine, and how bad values are ignored."""

import pytest
from django.http import QueryDict

from archive import kinds
from archive.filters import ENTITY_FILTERS, MAX_VALUES, ApiDocumentFilter, DocumentFilter
from archive.models import Document, Entity

from .conftest import published

pytestmark = pytest.mark.django_db


def pk(slug: str) -> str:
    return str(Entity.objects.get(slug=slug).pk)


def kept(query: str, filterset=DocumentFilter) -> list[int]:
    """The records the filters of query keep (after leniency), in record order, and the notes."""
    found, notes = filterset.lenient(QueryDict(query), Document.objects.published())
    return sorted(found.qs.values_list("record", flat=True)), notes


def test_one_multi_value_filter_per_kind_generated_from_the_kinds():
    assert ENTITY_FILTERS == kinds.NAMES
    for kind in kinds.KINDS:
        declared = DocumentFilter.base_filters[kind.name]
        assert declared.label == kind.label
        assert set(declared.queryset.values_list("kind", flat=True)) <= {kind.name}


FILTERS = [
    ("type=report", [2, 4, 8]),
    ("language=ru", [3]),
    ("source=kcna", [1, 8]),
    ("collection=august-1956", [1, 2]),
    ("decade=1950", [1, 2, 5, 6]),
    ("year=1956", [1, 2]),
    ("year=unknown", [4]),
    ("month=1956-08", [1]),
    ("year_from=1958", [3, 6, 8]),
    ("year_to=1956", [1, 2, 5]),
    ("year_from=1956&year_to=1958", [1, 2, 6]),
    ("type=report&decade=1950", [2]),
    ("person=kim-il-sung", [1, 2, 6]),
    ("person=kim-il-sung&person=pak-hon-yong", [6]),
    ("person=kim-il-sung&organization=kwp", [1, 6]),
    ("place=pyongyang&topic=aid", [3]),
    ("event=aug-session", [5]),
    ("sort=-title", [1, 2, 3, 4, 5, 6, 8]),
]


@pytest.mark.parametrize(("query", "records"), FILTERS)
def test_each_filter_keeps_the_published_documents_it_names(varied, query, records):
    for slug in ("kim-il-sung", "pak-hon-yong", "kwp", "pyongyang", "aid", "aug-session"):
        query = query.replace(f"={slug}", f"={pk(slug)}")
    assert kept(query) == (records, [])


BAD = [
    ("type=poem", "The type filter could not be understood and was ignored."),
    ("language=fr", "The language filter could not be understood and was ignored."),
    ("source=no-such-source", "The source filter could not be understood and was ignored."),
    ("decade=19x0", "The decade filter could not be understood and was ignored."),
    ("year=banana", "The year filter could not be understood and was ignored."),
    ("month=1956-13", "The month filter could not be understood and was ignored."),
    ("year_from=abc", "The from year filter could not be understood and was ignored."),
    ("year_to=100000", "The to year filter could not be understood and was ignored."),
    ("sort=nonsense", "That order is unknown; the usual order is used."),
    ("person=abc", "A person filter that is not a record number was ignored."),
    ("person=99999999999999999999", "A person filter that is not a record number was ignored."),
    ("person=99999", "The person filter could not be understood and was ignored."),
    ("source=kcna%00", "The source filter held a character that is never part of a value and was ignored."),
]


@pytest.mark.parametrize(("bad", "note"), BAD)
def test_a_bad_value_is_ignored_with_a_note_and_the_rest_applied(varied, bad, note):
    assert kept(f"collection=august-1956&{bad}") == ([1, 2], [note])


def test_an_entity_of_another_kind_is_not_a_value_of_the_filter(varied):
    assert kept(f"person={pk('kwp')}") == (
        [1, 2, 3, 4, 5, 6, 8],
        ["The person filter could not be understood and was ignored."],
    )


def test_only_the_first_values_of_an_entity_filter_apply(varied):
    query = "&".join([f"person={pk('kim-il-sung')}"] * (MAX_VALUES + 5))
    records, notes = kept(query)
    assert records == [1, 2, 6]
    assert notes == [f"Only the first {MAX_VALUES} person filters were applied."]


def test_a_draft_and_its_entities_are_never_kept(varied):
    assert 7 not in kept("year=1956")[0]
    assert Document.objects.get(record=7).status == "draft"


def test_an_entity_only_a_draft_names_is_no_filter_and_never_shown(varied):
    hidden = ("entity: p:hidden = Hidden Person", "status: draft")
    published(9, "Secret draft", "1957", extra=hidden, marks="{p:hidden|Hidden}")
    found, notes = DocumentFilter.lenient(QueryDict(f"person={pk('hidden')}&type=report"), Document.objects.published())
    assert found.is_valid()
    assert [c.name for c in found.chosen()] == ["type"]
    assert notes == ["The person filter could not be understood and was ignored."]
    assert "Hidden" not in str(found.chosen())


def test_chosen_values_read_as_a_reader_reads_them(varied):
    query = (
        f"type=memorandum&decade=1950&month=1955-01&year=unknown&year_from=1955&person={pk('pak-hon-yong')}&sort=date"
    )
    found, _ = DocumentFilter.lenient(QueryDict(query), Document.objects.published())
    assert [(c.name, c.value, c.shown) for c in found.chosen()] == [
        ("type", "memorandum", "Memorandum"),
        ("year_from", "1955", "1955"),
        ("decade", "1950", "1950s"),
        ("year", "unknown", "Year unknown"),
        ("month", "1955-01", "January 1955"),
        ("person", pk("pak-hon-yong"), "Pak Hon Yong"),
    ]
    assert found.order == "date"


def test_the_api_adds_words_and_orders_by_record(varied):
    assert kept("q=report", ApiDocumentFilter) == ([2, 8], [])
    found = ApiDocumentFilter(QueryDict("sort=-record&type=report"), queryset=Document.objects.published())
    assert list(found.qs.values_list("record", flat=True)) == [8, 4, 2]
