"""Facet counts over a set of documents (at most SAMPLE), from the facet values the index keeps."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict

from archive.annotated.vocab import DOCUMENT_TYPES
from archive.models import Collection, Entity, Source

from .rows import UNKNOWN_YEAR

SAMPLE = 1000  # facet counts are exact up to this many matching documents
TOP = 10  # values shown for persons, organizations, places, events, topics
TOP_OTHER = 20  # for languages, sources, collections
MAX_YEARS = 20  # years listed without a decade chosen
ENTITY_FACETS = (
    ("person", "Persons"),
    ("organization", "Organizations"),
    ("place", "Places"),
    ("event", "Events"),
    ("topic", "Topics"),
)


@dataclass
class Value:
    value: str  # as it appears in the URL
    label: str
    count: int
    active: bool = False
    link: str = ""  # query string that adds (or, when active, removes) this value


@dataclass
class Facet:
    name: str  # the URL parameter
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


def facets(ids: list[int], params: QueryDict) -> list[Facet]:
    """Every facet of the documents ids, with links built on params (the current query string).

    Counted from the facet values the index keeps for each document (one query), then named (one
    query for each kind of record that has values)."""
    from . import backend

    counts: dict[str, Counter] = defaultdict(Counter)
    rows = backend().read(ids, ("facets",)).values()
    for token, n in Counter(" ".join(row.facets for row in rows).split()).items():
        facet, _, value = token.partition(":")
        counts[facet][value] = n
    years = {None if year == UNKNOWN_YEAR else int(year): n for year, n in counts.get("year", {}).items()}
    found = [
        Facet(
            "type",
            "Type",
            [Value(v, DOCUMENT_TYPES.get(v, v), n) for v, n in _ranked(counts.get("type"), key=lambda v: v)],
        ),
        _decades(years),
        _years(years, params.get("decade", "")),
        Facet(
            "language",
            "Language",
            [Value(v, v, n) for v, n in _ranked(counts.get("language"), key=lambda v: v)[:TOP_OTHER]],
        ),
        _named("source", "Source", Source.objects, counts.get("source"), TOP_OTHER, "slug"),
        _named("collection", "Collection", Collection.objects, counts.get("collection"), TOP_OTHER, "slug"),
    ]
    found += [
        _named(kind, label, Entity.objects, counts.get(kind), TOP, "pk", multiple=True) for kind, label in ENTITY_FACETS
    ]
    for facet in found:
        _link(facet, params)
    return [facet for facet in found if facet.values]


def _ranked(counts: Counter | None, key) -> list[tuple[str, int]]:
    """(value, count) most frequent first, then in key order."""
    return sorted((counts or {}).items(), key=lambda item: (-item[1], key(item[0])))


def _named(name, label, records, counts, top, by, multiple=False) -> Facet:
    """The top values of a facet whose values are record ids (shown by the records' names, linked by
    their field `by`), most frequent first, then by sort name."""
    if not counts:
        return Facet(name, label, multiple=multiple)
    shortlist = dict(counts.most_common(top * 3))  # enough to break ties by name
    sort_name = "sort_name" if records.model is Entity else "name"
    found = records.filter(pk__in=[int(pk) for pk in shortlist if pk.isdigit()]).values(*{"pk", "name", by, sort_name})
    ranked = sorted(found, key=lambda r: (-shortlist[str(r["pk"])], r[sort_name] or r["name"], r["pk"]))[:top]
    values = [Value(str(r[by]), r["name"], shortlist[str(r["pk"])]) for r in ranked]
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


def _link(facet: Facet, params: QueryDict) -> None:
    """Set each value's link: add it to the query, or remove it when it is already chosen."""
    chosen = params.getlist(facet.name)
    others = [(key, v) for key, values in params.lists() if key not in (facet.name, "page") for v in values]
    for value in facet.values:
        value.active = value.value in chosen
        if value.active:
            mine = [v for v in chosen if v != value.value]
        elif facet.multiple:
            mine = [*chosen, value.value]
        else:
            mine = [value.value]
        value.link = urlencode(others + [(facet.name, v) for v in mine])
