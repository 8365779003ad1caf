"""The read-only JSON API: what each record looks like, and the public records it reads from.

The field names are stable: a field may be added, none is renamed or removed. Everything comes
from the public records only (the documents readers see now, and what they name), in a number of
queries that does not grow with a page's length. The views (views/api.py) add pagination and ETags.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from archive.annotated import dates
from archive.annotated.vocab import ROLES

from .models import Collection, Document, Entity, EntityName, Mention, Source, Text
from .models.documents import public_q


def _public_names():
    """The variants readers may see: a curator's, or declared by a public document."""
    return Prefetch(
        "names",
        queryset=EntityName.objects.filter(Q(document__isnull=True) | public_q("document__")).order_by("name"),
        to_attr="public_names",
    )


def documents():
    return Document.objects.published().select_related("source", "rights")


def document_details():
    return documents().prefetch_related(
        Prefetch("texts", queryset=Text.objects.order_by("order")),
        Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("entity__sort_name", "role")),
        Prefetch("collections", queryset=Collection.objects.order_by("name")),
    )


def document_summary(document: Document, absolute) -> dict:
    return {
        "record": document.record,
        "url": absolute(reverse("archive:api-document", args=[document.record])),
        "page": absolute(document.get_absolute_url()),
        "title": document.title,
        "date": document.date_edtf,
        "date_text": dates.describe(document.date_edtf) if document.date_edtf else "",
        "type": document.doc_type,
        "language": document.language,
        "original_language": document.original_language,
        "source": document.source.slug if document.source else None,
        "summary": document.summary,
    }


def document_detail(document: Document, absolute) -> dict:
    data = document_summary(document, absolute)
    record = document.record
    data.update(
        {
            "date_written": document.date_written,
            "classification": document.classification_marks(),
            "rights": {"uri": document.rights.uri if document.rights else None, "notice": document.rights_notice},
            "collections": [c.slug for c in document.collections.all()],
            "entities": [
                {
                    "id": entity.pk,
                    "kind": entity.kind,
                    "name": entity.name,
                    "roles": roles,
                    "url": absolute(reverse("archive:api-entity", args=[entity.pk])),
                }
                for entity, roles in _roles(document.mentions.all())
            ],
            "texts": [{"language": t.language, "type": t.text_type, "text": t.plain} for t in document.texts.all()],
            "formats": {
                "tei": absolute(reverse("archive:tei", args=[record])),
                "bibtex": absolute(reverse("archive:cite-bib", args=[record])),
                "ris": absolute(reverse("archive:cite-ris", args=[record])),
                "csl_json": absolute(reverse("archive:cite-json", args=[record])),
            },
        }
    )
    return data


def _roles(mentions) -> list[tuple[Entity, list[str]]]:
    """Each entity the document names once, with its roles in the order of ROLES."""
    found: dict[int, tuple[Entity, set[str]]] = {}
    for mention in mentions:
        found.setdefault(mention.entity_id, (mention.entity, set()))[1].add(mention.role)
    return [(entity, [role for role in ROLES if role in roles]) for entity, roles in found.values()]


def entities():
    return (
        Entity.objects.current()
        .public()
        .with_document_counts()
        .prefetch_related(_public_names())
        .order_by("kind", "sort_name", "pk")
    )


def entity_data(entity: Entity, absolute) -> dict:
    return {
        "id": entity.pk,
        "url": absolute(reverse("archive:api-entity", args=[entity.pk])),
        "page": absolute(entity.get_absolute_url()),
        "kind": entity.kind,
        "name": entity.name,
        "sort_name": entity.sort_name,
        "variants": [n.name for n in entity.public_names],
        "description": entity.description,
        "dates": entity.date_edtf,
        "wikidata": entity.wikidata,
        "viaf": entity.viaf,
        "document_count": entity.document_count,
        "documents": absolute(f"{reverse('archive:api-documents')}?{entity.kind}={entity.pk}"),
    }


def collections():
    return Collection.objects.public().with_public_counts().order_by("name")


def collection_data(collection: Collection, absolute) -> dict:
    return {
        "slug": collection.slug,
        "name": collection.name,
        "description": collection.description,
        "page": absolute(collection.get_absolute_url()),
        "document_count": collection.document_count,
        "documents": absolute(f"{reverse('archive:api-documents')}?collection={collection.slug}"),
    }


def sources():
    return Source.objects.public().annotate(document_count=Count("documents", filter=public_q("documents__")))


def source_data(source: Source, absolute) -> dict:
    return {
        "slug": source.slug,
        "name": source.name,
        "url": source.url,
        "description": source.description,
        "document_count": source.document_count,
        "documents": absolute(f"{reverse('archive:api-documents')}?source={source.slug}"),
    }
