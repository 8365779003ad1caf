"""Names however they are spelled, in the database: search and import (run on SQLite and on PostgreSQL)."""

import pytest

from archive.importing import import_file
from archive.models import Entity, EntityName
from archive.search import search
from archive.search.query import words
from tests.conftest import annotated, import_text

from .name_spellings import NAME_PAIRS

pytestmark = pytest.mark.django_db


def mentioning(name: str, record: int = 1, kind: str = "p"):
    """A published document that mentions the entity `name`, declared under that name only."""
    body = f"On that day {{{kind}:stored|{name}}} received the delegation."
    return import_text(annotated(body, record=record, extra=f"entity: {kind}:stored = {name}")).document


@pytest.mark.parametrize(("stored", "spelling", "same"), NAME_PAIRS)
def test_a_reader_finds_a_person_under_any_spelling(stored, spelling, same):
    document = mentioning(stored)
    results = search(spelling)
    found = document.pk in [d.pk for d in results.ordered()]
    if same:
        assert found, (stored, spelling, str(results.query))
        return
    # Another person: the query is not widened to the stored name, and finds the document only when
    # every word typed is in it anyway (Kim Il is in Kim Il Sung).
    assert tuple(words(stored)) not in [term.words for term in results.query.terms()]
    typed = {word.casefold() for word in words(spelling)}
    in_text = {word.casefold() for word in words(f"On that day {stored} received the delegation")}
    assert found is (typed <= in_text)


def test_a_spelling_search_keeps_other_words_and_filters():
    kim = mentioning("Kim Il Sung")
    import_text(annotated("Nothing about him. A tractor.", record=2, title="Tractors"))
    assert [d.pk for d in search("Ким Ир Сен delegation").ordered()] == [kim.pk]
    assert [d.pk for d in search("Ким Ир Сен tractor").ordered()] == []
    assert [d.pk for d in search("Ким Ир Сен -delegation").ordered()] == []


def test_a_place_is_found_under_another_spelling_but_an_organization_is_not_respelled():
    place = mentioning("Pyongyang", kind="pl")
    assert [d.pk for d in search("P'yŏngyang").ordered()] == [place.pk]
    assert [d.pk for d in search("평양").ordered()] == [place.pk]


def test_a_variant_added_later_is_matched_too():
    kim = mentioning("Kim Il Sung")
    entity = Entity.objects.get(slug="stored")
    entity.add_variants(["Kim Ir Sen"])
    assert EntityName.objects.get(entity=entity).name_key == entity.name_key
    assert [d.pk for d in search("김일성").ordered()] == [kim.pk]


def test_declaring_another_spelling_proposes_the_existing_person():
    mentioning("Kim Il Sung")
    kim = Entity.objects.get(slug="stored")
    source = annotated("{p:kim-ir-sen|Kim Ir Sen} spoke.", record=2, extra="entity: p:kim-ir-sen = Kim Ir Sen")
    report = import_file(source.encode(), name="ru.txt")
    assert report.ok
    (resolution,) = report.resolutions
    assert resolution.outcome == "spelling" and resolution.entity == kim
    assert any("taken for the existing person p:stored (Kim Il Sung)" in p.message for p in report.problems)
    assert Entity.objects.filter(kind="person").count() == 1
    assert "Kim Ir Sen" in kim.variant_names()
    assert report.document.mentions.get().entity == kim


def test_a_curator_may_still_create_the_other_person():
    mentioning("Kim Il Sung")
    source = annotated("{p:kim-ir-sen|Kim Ir Sen} spoke.", record=2, extra="entity: p:kim-ir-sen = Kim Ir Sen")
    report = import_file(source.encode(), name="ru.txt", new_keys=frozenset({"p:kim-ir-sen"}))
    assert report.ok and [r.outcome for r in report.resolutions] == ["new"]
    assert Entity.objects.filter(kind="person").count() == 2


def test_kim_jong_il_is_not_taken_for_kim_jong_un():
    mentioning("Kim Jong Un")
    source = annotated("{p:kji|Kim Jong Il} spoke.", record=2, extra="entity: p:kji = Kim Jong Il")
    report = import_file(source.encode(), name="kji.txt")
    assert [r.outcome for r in report.resolutions] == ["new"]


def test_two_persons_of_one_spelling_are_ambiguous():
    make = Entity.objects.create
    make(kind="person", name="Kim Il Sung", slug="kim-il-sung")
    make(kind="person", name="Kim Il-song", slug="kim-il-song-2")
    source = annotated("{p:kis|Kim Ir Sen} spoke.", extra="entity: p:kis = Kim Ir Sen")
    report = import_file(source.encode(), name="kis.txt")
    assert not report.ok and "another spelling of several persons" in report.messages()[0]


def test_a_name_typed_as_stored_is_searched_once():
    kim = mentioning("Kim Il Sung")
    results = search("kim il sung")
    assert [[term.words for term in group] for group in results.query.groups] == [[("kim", "il", "sung")]]
    assert not results.query.notes
    assert [d.pk for d in results.ordered()] == [kim.pk]
