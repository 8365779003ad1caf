"""What the index holds for a public document: four searchable fields and its facet values, read in bulk."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from archive.models import CollectionItem, Document, Entity, EntityName, Mention, Text
from archive.models.documents import public_q

NAME_SEPARATOR = " · "
UNKNOWN_YEAR = "unknown"


@dataclass(frozen=True)
class Row:
    """The searchable fields of one document.

    names holds the preferred name and every variant a reader may see (see Entity.variant_names) of each
    entity the document mentions, so
    a search for any of an entity's names finds every document that mentions it. facets holds
    the values the search page counts, as space-separated `facet:value` tokens.
    """

    document_id: int
    title: str
    summary: str
    body: str
    names: str
    facets: str


def rows_for(document_ids: list[int]) -> list[Row]:
    """The rows of those of the given documents that are public, in six queries (plain values)."""
    documents = list(
        Document.objects.published()
        .filter(pk__in=document_ids)
        .order_by()
        .values_list("pk", "title", "summary", "doc_type", "language", "date_start", "source_id")
    )
    document_ids = [document[0] for document in documents]
    bodies: dict[int, list[str]] = {}
    for document_id, plain in (
        Text.objects.filter(document_id__in=document_ids)
        .order_by("document_id", "order")
        .values_list("document_id", "plain")
    ):
        bodies.setdefault(document_id, []).append(plain)
    mentioned: dict[int, set[int]] = {}
    for document_id, entity_id in (
        Mention.objects.filter(document_id__in=document_ids)
        .order_by()
        .values_list("document_id", "entity_id")
        .distinct()
    ):
        mentioned.setdefault(document_id, set()).add(entity_id)
    collections: dict[int, list[str]] = {}
    for document_id, collection_id in CollectionItem.objects.filter(document_id__in=document_ids).values_list(
        "document_id", "collection_id"
    ):
        collections.setdefault(document_id, []).append(f"collection:{collection_id}")
    entity_ids = set().union(*mentioned.values())
    names: dict[int, list[str]] = {}
    order: dict[int, tuple[str, int]] = {}
    kinds: dict[int, str] = {}
    for pk, name, sort_name, kind in Entity.objects.filter(pk__in=entity_ids).values_list(
        "pk", "name", "sort_name", "kind"
    ):
        names[pk] = [name]
        order[pk] = (sort_name, pk)
        kinds[pk] = kind
    for entity_id, name in (
        EntityName.objects.filter(Q(document__isnull=True) | public_q("document__"), entity_id__in=entity_ids)
        .order_by("name")
        .values_list("entity_id", "name")
    ):
        names[entity_id].append(name)
    rows = []
    for pk, title, summary, doc_type, language, date_start, source_id in documents:
        entities = sorted(mentioned.get(pk, ()), key=order.__getitem__)
        facets = [
            f"type:{doc_type}",
            f"language:{language}",
            f"year:{date_start.year if date_start else UNKNOWN_YEAR}",
            *([f"source:{source_id}"] if source_id else []),
            *collections.get(pk, []),
            *(f"{kinds[entity]}:{entity}" for entity in entities),
        ]
        rows.append(
            Row(
                document_id=pk,
                title=title,
                summary=summary,
                body="\n\n".join(bodies.get(pk, [])),
                names=NAME_SEPARATOR.join(name for entity in entities for name in names[entity]),
                facets=" ".join(facets),
            )
        )
    return rows
