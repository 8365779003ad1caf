"""Export records back to annotated-text files, from which the import rebuilds the same records."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from archive.annotated import parse, parse_body
from archive.annotated.header import one_line
from archive.annotated.model import EntityDecl, Meta, ProvenanceDecl
from archive.annotated.rekey import rekey
from archive.annotated.vocab import ROLES
from archive.annotated.writer import write

from .header_fields import document_values
from .models import CollectionItem, Document, Entity, EntityName, ProvenanceStep, Text
from .models.documents import public_q
from .texts import entities_for_keys


class ExportError(Exception):
    """A record that the format cannot hold as it stands; the message names the record."""


def documents_for_export(queryset=None):
    """Documents with everything document_meta reads, in a fixed number of queries."""
    queryset = Document.objects.all() if queryset is None else queryset
    return (
        queryset.order_by("record")
        .select_related("source", "rights")
        .prefetch_related(
            Prefetch("texts", queryset=Text.objects.order_by("order")),
            "mentions",
            Prefetch("provenance", queryset=ProvenanceStep.objects.order_by("order", "id")),
            Prefetch("collection_items", queryset=CollectionItem.objects.select_related("collection").order_by("id")),
            "related",
        )
    )


def file_name(document: Document) -> str:
    return f"{document.record:04d}-{document.slug}.txt"


def export_document(document: Document) -> str:
    """The annotated-text file of document, checked to parse back to the same texts."""
    meta, texts = document_meta(document)
    try:
        written = write(meta, texts)
    except ValueError as exc:
        raise ExportError(f"record {document.record}: {exc}") from exc
    parsed = parse(written)
    if parsed.errors:
        raise ExportError(f"record {document.record}: " + "; ".join(p.format() for p in parsed.errors))
    if parsed.undeclared:
        # Into an empty archive such a file would not import: nothing else declares these keys.
        keys = ", ".join(sorted(parsed.undeclared))
        raise ExportError(f"record {document.record}: marks use keys no entity of the archive has: {keys}")
    if [(t.lang, t.type, t.source) for t in parsed.texts] != texts:
        raise ExportError(f"record {document.record}: a text holds a line that the format reads as '@text'")
    return written


def document_meta(document: Document, *, public: bool = False) -> tuple[Meta, list[tuple[str, str, str]]]:
    """The header and the texts (language, type, annotated source) that describe document.

    public: as a reader may see it (TEI, the dataset): without the curator's notes, with only the
    related records that are public, and with only the entities' variants readers see (a curator's,
    or declared by a public document), as on the entities' pages."""
    mentions = list(document.mentions.all())
    steps = list(document.provenance.all())
    marked = _marked_entities(document, mentions)
    ids = {m.entity_id for m in mentions} | {s.agent_id for s in steps if s.agent_id}
    entities = _entities(ids | {pk for keys in marked for pk in keys.values()}, public=public)
    roles: dict[int, set[str]] = {}
    for mention in mentions:
        if mention.text_id is None:
            roles.setdefault(mention.entity_id, set()).add(mention.role)
    declared = [_declaration(entity, entities, roles.get(pk, set())) for pk, entity in entities.items()]
    meta = Meta(
        **document_values(document, public=public),
        provenance=[_step(step, entities) for step in steps],
        entities={decl.key: decl for decl in sorted(declared, key=lambda decl: decl.key)},
        collections=[item.collection.name for item in document.collection_items.all()],
        related=sorted(other.record for other in document.related.all() if not public or other.is_public),
    )
    texts = [
        (text.language, text.text_type, rekey(_source(text.source), {k: entities[pk].key for k, pk in keys.items()}))
        for text, keys in zip(document.texts.all(), marked, strict=True)
    ]
    return meta, texts


def _marked_entities(document: Document, mentions) -> list[dict[str, int]]:
    """For each text, the id of the archive's entity each key of its marks stands for.

    A text may use a key the archive knows under another: the key of an entity since merged, or a
    file's key resolved by name on import (which is not in the archive at all: the mention made at
    the mark's place tells which entity it stands for). One query for all the texts.
    """
    parsed = [parse_body(_source(text.source)).texts for text in document.texts.all()]
    used = {span.key for texts in parsed for text in texts for span in text.entity_spans()}
    resolved = {key: entity.pk for key, entity in entities_for_keys(used).items()} if used else {}
    marked = []
    for text, texts in zip(document.texts.all(), parsed, strict=True):
        at = {(m.start, m.end): m.entity_id for m in mentions if m.text_id == text.pk}
        keys = dict(resolved)
        for span in (span for t in texts for span in t.entity_spans()):
            if span.key not in resolved and (span.start, span.end) in at:
                keys[span.key] = at[span.start, span.end]
        marked.append(keys)
    return marked


def _entities(ids: set[int], *, public: bool = False) -> dict[int, Entity]:
    """The entities with ids, and the places and organizations of the events among them.

    A few queries a round, whatever the number of entities; events add one round.
    """
    found: dict[int, Entity] = {}
    wanted = set(ids)
    while wanted:
        names = EntityName.objects.filter(Q(document__isnull=True) | public_q("document__")) if public else None
        batch = list(
            Entity.objects.filter(pk__in=wanted).prefetch_related(Prefetch("names", queryset=names), "organizations")
        )
        found.update((entity.pk, entity) for entity in batch)
        wanted = {
            pk
            for entity in batch
            if entity.kind == "event"
            for pk in [entity.place_id, *(org.pk for org in entity.organizations.all())]
            if pk and pk not in found
        }
        if public and wanted:  # an event's place or organizer that readers do not see stays out
            wanted = set(Entity.objects.filter(pk__in=wanted).public().values_list("pk", flat=True))
    return found


def _declaration(entity: Entity, entities: dict[int, Entity], roles: set[str]) -> EntityDecl:
    event = entity.kind == "event"
    return EntityDecl(
        key=entity.key,
        kind=entity.kind,
        slug=entity.slug,
        name=entity.name,
        line=0,
        variants=[name.name for name in entity.names.all()],
        roles=[role for role in ROLES if role in roles],
        desc=one_line(entity.description),
        sort=entity.sort_name if entity.sort_name != entity.name else "",
        dates=entity.date_edtf,
        wikidata=entity.wikidata,
        viaf=entity.viaf,
        place=entities[entity.place_id].key if event and entity.place_id in entities else "",
        orgs=[org.key for org in entity.organizations.all() if org.pk in entities] if event else [],
    )


def _step(step: ProvenanceStep, entities: dict[int, Entity]) -> ProvenanceDecl:
    return ProvenanceDecl(
        activity=step.activity,
        agent_key=entities[step.agent_id].key if step.agent_id else "",
        agent="" if step.agent_id else step.agent_name,
        date=step.date_edtf,
        citation=step.citation,
        place=step.place,
        url=step.url,
        note=one_line(step.note),
    )


def _source(source: str) -> str:
    """A text's source as the parser gives it back: Unix line breaks, no blank lines at either end."""
    return source.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
