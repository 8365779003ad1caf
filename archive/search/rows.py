"""What the index holds for a document: one row of four fields, read in bulk."""

from __future__ import annotations

from dataclasses import dataclass

from archive.models import Document, Entity, EntityName, Mention, Text

NAME_SEPARATOR = " · "


@dataclass(frozen=True)
class Row:
    """The searchable fields of one document.

    names holds the preferred name and every variant of each entity the document mentions, so
    a search for any of an entity's names finds every document that mentions it.
    """

    document_id: int
    title: str
    summary: str
    body: str
    names: str


def rows_for(document_ids: list[int]) -> list[Row]:
    """The rows of the given documents, in five queries (plain values, no model instances)."""
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
    entity_ids = set().union(*mentioned.values())
    names: dict[int, list[str]] = {}
    order: dict[int, tuple[str, int]] = {}
    for pk, name, sort_name in Entity.objects.filter(pk__in=entity_ids).values_list("pk", "name", "sort_name"):
        names[pk] = [name]
        order[pk] = (sort_name, pk)
    for entity_id, name in (
        EntityName.objects.filter(entity_id__in=entity_ids).order_by("name").values_list("entity_id", "name")
    ):
        names[entity_id].append(name)
    return [
        Row(
            document_id=pk,
            title=title,
            summary=summary,
            body="\n\n".join(bodies.get(pk, [])),
            names=NAME_SEPARATOR.join(
                name for entity in sorted(mentioned.get(pk, ()), key=order.__getitem__) for name in names[entity]
            ),
        )
        for pk, title, summary in Document.objects.filter(pk__in=document_ids).values_list("pk", "title", "summary")
    ]
