"""Facet counts over a set of documents: one aggregate query per facet, whatever the set's size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from archive.annotated.vocab import DOCUMENT_TYPES
from archive.models import CollectionItem, Document, Entity, Mention

SAMPLE = 1000  # facet counts are exact up to this many matching documents
TOP = 10  # values shown for persons, organizations, places, events, topics
TOP_OTHER = 20  # for languages, sources, collections
MAX_YEARS = 20  # years listed without a decade chosen
UNKNOWN = "unknown"
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


def facet_scope(ordered) -> tuple[QuerySet, int | None]:
    """The documents to count facets over: all matches, or the SAMPLE first of them in the reader's
    order when there are more (counting every mention of a large archive takes seconds).

    Returns the documents and, when sampled, the size of the sample."""
    if isinstance(ordered, QuerySet):
        ids = list(ordered.values_list("pk", flat=True)[: SAMPLE + 1])
    else:
        ids = ordered.ids(0, SAMPLE + 1)
    if len(ids) <= SAMPLE:
        return Document.objects.filter(pk__in=ids), None
    return Document.objects.filter(pk__in=ids[:SAMPLE]), SAMPLE


def facets(documents: QuerySet, params: QueryDict) -> list[Facet]:
    """Every facet of documents, with links built on params (the current query string)."""
    documents = documents.order_by()
    ids = list(documents.values_list("pk", flat=True))  # at most facet_scope's SAMPLE
    years = dict(
        documents.annotate(year=ExtractYear("date_start")).values_list("year").annotate(n=Count("pk")).order_by()
    )
    found = [
        Facet(
            "type",
            "Type",
            [
                Value(v, DOCUMENT_TYPES.get(v, v), n)
                for v, n in documents.values_list("doc_type").annotate(n=Count("pk")).order_by("-n", "doc_type")
            ],
        ),
        _decades(years),
        _years(years, params.get("decade", "")),
        Facet(
            "language",
            "Language",
            [
                Value(v, v, n)
                for v, n in documents.values_list("language")
                .annotate(n=Count("pk"))
                .order_by("-n", "language")[:TOP_OTHER]
            ],
        ),
        Facet(
            "source",
            "Source",
            [
                Value(slug, name, n)
                for slug, name, n in documents.filter(source__isnull=False)
                .values_list("source__slug", "source__name")
                .annotate(n=Count("pk"))
                .order_by("-n", "source__name")[:TOP_OTHER]
            ],
        ),
        Facet(
            "collection",
            "Collection",
            [
                Value(slug, name, n)
                for slug, name, n in CollectionItem.objects.filter(document__in=ids)
                .values_list("collection__slug", "collection__name")
                .annotate(n=Count("document_id", distinct=True))
                .order_by("-n", "collection__name")[:TOP_OTHER]
            ],
        ),
    ]
    found += _entity_facets(ids)
    for facet in found:
        _link(facet, params)
    return [facet for facet in found if facet.values]


def _entity_facets(ids) -> list[Facet]:
    """The TOP persons, organizations, ... of the documents, in two queries.

    The mentions are read by document (the index on document_id), and counted here: asked to
    group by entity kind, SQLite walks every mention of the kind instead."""
    pairs = (
        Mention.objects.filter(document_id__in=ids).order_by().values_list("entity__kind", "entity_id", "document_id")
    )
    documents_of: dict[tuple[str, int], set[int]] = {}
    for kind, entity_id, document_id in pairs.distinct():
        documents_of.setdefault((kind, entity_id), set()).add(document_id)
    counts: dict[str, list[tuple[int, int]]] = {kind: [] for kind, _ in ENTITY_FACETS}
    for (kind, entity_id), documents in documents_of.items():
        if kind in counts:
            counts[kind].append((len(documents), entity_id))
    shortlist = {kind: sorted(pairs, key=lambda p: -p[0])[: TOP * 3] for kind, pairs in counts.items()}
    wanted = [entity_id for pairs in shortlist.values() for _, entity_id in pairs]
    names = {
        pk: (name, sort)
        for pk, name, sort in Entity.objects.filter(pk__in=wanted).values_list("pk", "name", "sort_name")
    }
    facets = []
    for kind, label in ENTITY_FACETS:
        ranked = sorted(shortlist[kind], key=lambda p: (-p[0], names[p[1]][1], p[1]))[:TOP]
        values = [Value(str(entity_id), names[entity_id][0], n) for n, entity_id in ranked]
        facets.append(Facet(kind, label, values, multiple=True))
    return facets


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
        values.append(Value(UNKNOWN, "Year unknown", years[None]))
    return Facet("year", "Year", values)


def _link(facet: Facet, params: QueryDict) -> None:
    """Set each value's link: add it to the query, or remove it when it is already chosen."""
    chosen = params.getlist(facet.name)
    for value in facet.values:
        link = params.copy()
        link.pop("page", None)
        value.active = value.value in chosen
        if value.active:
            link.setlist(facet.name, [v for v in chosen if v != value.value])
        elif facet.multiple:
            link.appendlist(facet.name, value.value)
        else:
            link[facet.name] = value.value
        value.link = link.urlencode()
