"""Facet counts over a set of documents (at most SAMPLE), from the facet values the index keeps.

Data only: names, labels and counts; the links that choose a value are built in archive/links.py."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from archive.annotated.vocab import DOCUMENT_TYPES
from archive.kinds import KINDS
from archive.models import Collection, Entity, Source

from .rows import UNKNOWN_YEAR

SAMPLE = 1000  # facet counts are exact up to this many matching documents
TOP = 10  # values shown for persons, organizations, places, events, topics
TOP_OTHER = 20  # for languages, sources, collections
MAX_YEARS = 20  # years listed without a decade chosen
ENTITY_FACETS = tuple((kind.name, kind.plural) for kind in KINDS)


@dataclass
class Value:
    value: str  # the filter's value
    label: str
    count: int


@dataclass
class Facet:
    name: str  # the filter
    label: str
    values: list[Value] = field(default_factory=list)
    multiple: bool = False  # several values combine (AND), as for entities


def facet_scope(ordered) -> tuple[list[int], int | None]:
    """The ids of the documents to count facets over: all matches, or the SAMPLE first of them in the
    reader's order when there are more.

    Returns the ids and, when sampled, the size of the sample."""
    if isinstance(ordered, QuerySet):
        ids = list(ordered.values_list("pk", flat=True)[: SAMPLE + 1])
    else:
        ids = ordered.ids(0, SAMPLE + 1)
    if len(ids) <= SAMPLE:
        return ids, None
    return ids[:SAMPLE], SAMPLE


def facets(ids: list[int], decade: str = "") -> list[Facet]:
    """Every facet of the documents ids (the years of decade only, when one is chosen).

    Counted from the facet values the index keeps for each document (one query), then named: one
    query for the sources, one for the collections, one for the entities of every kind."""
    from . import backend

    counts: dict[str, Counter] = defaultdict(Counter)
    for token, n in Counter(" ".join(backend().facets(ids)).split()).items():
        facet, _, value = token.partition(":")
        counts[facet][value] = n
    years = {None if year == UNKNOWN_YEAR else int(year): n for year, n in counts.get("year", {}).items()}
    found = [
        Facet(
            "type",
            "Type",
            [Value(v, DOCUMENT_TYPES.get(v, v), n) for v, n in _ranked(counts.get("type"))],
        ),
        _decades(years),
        _years(years, decade),
        Facet(
            "language",
            "Language",
            [Value(v, v, n) for v, n in _ranked(counts.get("language"))[:TOP_OTHER]],
        ),
    ]
    shortlists = {name: _shortlist(counts.get(name), TOP_OTHER) for name in ("source", "collection")}
    shortlists |= {kind: _shortlist(counts.get(kind), TOP) for kind, _ in ENTITY_FACETS}
    sources = _records(Source.objects, shortlists["source"], "slug")
    collections = _records(Collection.objects, shortlists["collection"], "slug")
    entities = _records(Entity.objects, [pk for kind, _ in ENTITY_FACETS for pk in shortlists[kind]], "pk", "sort_name")
    found += [
        _named("source", "Source", sources, shortlists["source"], TOP_OTHER),
        _named("collection", "Collection", collections, shortlists["collection"], TOP_OTHER),
    ]
    found += [_named(kind, label, entities, shortlists[kind], TOP, multiple=True) for kind, label in ENTITY_FACETS]
    return [facet for facet in found if facet.values]


def _ranked(counts: Counter | None) -> list[tuple[str, int]]:
    """(value, count) most frequent first, then in order of value."""
    return sorted((counts or {}).items(), key=lambda item: (-item[1], item[0]))


def _shortlist(counts: Counter | None, top: int) -> dict[int, int]:
    """{record id: count} for the most frequent values, enough of them to break ties by name."""
    return {int(pk): n for pk, n in (counts or Counter()).most_common(top * 3) if pk.isdigit()}


def _records(records, ids, by: str, sort_name: str = "name") -> dict[int, tuple[str, str, str]]:
    """{id: (value for the URL, name, sort name)} of the records ids, in one query."""
    rows = records.filter(pk__in=ids).values_list("pk", by, "name", sort_name) if ids else []
    return {pk: (str(key), name, sort or name) for pk, key, name, sort in rows}


def _named(name, label, records, shortlist: dict[int, int], top: int, multiple=False) -> Facet:
    """A facet whose values are records, most frequent first, then by sort name."""
    ranked = sorted((-n, records[pk][2], pk) for pk, n in shortlist.items() if pk in records)[:top]
    values = [Value(records[pk][0], records[pk][1], -n) for n, _, pk in ranked]
    return Facet(name, label, values, multiple=multiple)


def _decades(years: dict[int | None, int]) -> Facet:
    decades: dict[int, int] = {}
    for year, n in years.items():
        if year is not None:
            decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + n
    return Facet("decade", "Decade", [Value(str(d), f"{d}s", n) for d, n in sorted(decades.items())])


def _years(years: dict[int | None, int], decade: str) -> Facet:
    known = sorted(y for y in years if y is not None)
    if decade.isdigit():
        known = [y for y in known if y // 10 * 10 == int(decade)]
    elif len(known) > MAX_YEARS:
        known = []  # too many to list: the decades narrow them first
    values = [Value(str(y), str(y), years[y]) for y in known]
    if None in years:
        values.append(Value(UNKNOWN_YEAR, "Year unknown", years[None]))
    return Facet("year", "Year", values)
