"""Facet counts over a set of documents: one aggregate query per facet, whatever the set's size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from archive.annotated.vocab import DOCUMENT_TYPES
from archive.models import CollectionItem, Document, Mention

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
    ids = documents.values("pk")
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
    for kind, label in ENTITY_FACETS:
        top = (
            Mention.objects.filter(document__in=ids, entity__kind=kind)
            .values_list("entity_id", "entity__name")
            .annotate(n=Count("document_id", distinct=True))
            .order_by("-n", "entity__sort_name", "entity_id")[:TOP]
        )
        found.append(Facet(kind, label, [Value(str(pk), name, n) for pk, name, n in top], multiple=True))
    for facet in found:
        _link(facet, params)
    return [facet for facet in found if facet.values]


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
