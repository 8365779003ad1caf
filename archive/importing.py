"""Import annotated-text files into the archive: one file, one transaction.

A file with an error writes nothing. Entity keys resolve to declarations in the file first, then
to the archive's entities by key, then by name or variant; what remains is created.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from archive.annotated import Problem, parse_bytes
from archive.annotated.model import EntityDecl, Meta, Parsed
from archive.annotated.vocab import RIGHTS_STATEMENTS

from .lengths import too_long
from .models import (
    Collection,
    CollectionItem,
    Document,
    Entity,
    EntityName,
    Mention,
    ProvenanceStep,
    RightsStatement,
    Source,
    Text,
)
from .models.entities import normalize_name
from .search import index_document
from .texts import apply_parsed_text, entities_for_keys


@dataclass
class Resolution:
    """How one entity key of a file resolved: to an entity by key, by name, as new, or ambiguously."""

    key: str
    name: str
    outcome: str  # "key", "name", "new" or "ambiguous"
    entity: Entity | None = None
    candidates: list[Entity] = field(default_factory=list)


@dataclass
class ImportReport:
    name: str
    problems: list[Problem] = field(default_factory=list)
    document: Document | None = None
    created: bool = False
    new_entities: list[Entity] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def messages(self) -> list[str]:
        return [p.format(self.name) for p in self.problems]


class _Rollback(Exception):
    pass


def import_file(
    data: bytes,
    *,
    name: str,
    status: str | None = None,
    dry_run: bool = False,
    match_names: bool = True,
    parsed: Parsed | None = None,
) -> ImportReport:
    """Parse data (the bytes of an annotated-text file) and create or update its document.

    With dry_run, everything is resolved and written inside a transaction that is then rolled back:
    the report says what would be created or updated, and the archive is left as it was. A dry run
    leaves out what follows from the parsed texts alone and adds nothing to the report (their
    rendering, mentions and search index row), so that a large file is previewed quickly.
    Without match_names, a key not in the archive always creates its entity (for rebuilding an
    archive from its own export, where two entities may share a name). `parsed`, when the caller
    has already parsed data, spares parsing it again."""
    report = ImportReport(name=name)
    parsed = parsed if parsed is not None else parse_bytes(data)
    report.problems.extend(parsed.problems)
    if parsed.ok:
        report.problems.extend(too_long(parsed))
    if not report.ok:
        report.problems.sort(key=lambda p: (p.line, p.column))
        return report
    try:
        with transaction.atomic():
            _import(parsed, report, status, match_names, dry_run)
            if not report.ok or dry_run:
                raise _Rollback
    except _Rollback:
        if not report.ok:
            report.document, report.created, report.new_entities = None, False, []
    report.problems.sort(key=lambda p: (p.line, p.column))
    return report


def _import(parsed: Parsed, report: ImportReport, status: str | None, match_names: bool, dry_run: bool) -> None:
    meta = parsed.meta
    entities = _resolve_entities(parsed, report, match_names)
    if not report.ok:
        return
    document, report.created = _document(meta, status)
    report.document = document
    # Replace what the file describes; keep the record, its number and its creation time.
    document.texts.all().delete()
    document.mentions.all().delete()
    document.provenance.all().delete()
    document.collection_items.all().delete()
    for order, parsed_text in enumerate(parsed.texts):
        text = Text.objects.create(
            document=document,
            order=order,
            language=parsed_text.lang or meta.lang,
            text_type=parsed_text.type,
            source=parsed_text.source,
        )
        if not dry_run:
            apply_parsed_text(text, parsed_text, entities)
    _document_roles(document, meta, entities)
    _provenance(document, meta, entities)
    _collections(document, meta)
    _related(document, meta, report)
    if not dry_run:
        index_document(document)


def _resolve_entities(parsed: Parsed, report: ImportReport, match_names: bool = True) -> dict[str, Entity]:
    meta = parsed.meta
    existing = entities_for_keys([*meta.entities, *parsed.undeclared])
    entities: dict[str, Entity] = {}
    for key, places in parsed.undeclared.items():
        if key in existing:
            entities[key] = existing[key]
            continue
        for line, column in places:
            report.problems.append(
                Problem(line, column, f"entity '{key}' is neither declared in the header nor in the archive")
            )
    unresolved = [decl for key, decl in meta.entities.items() if key not in existing]
    candidates = _entities_by_name(unresolved) if match_names else {}
    pending = []
    for key, decl in meta.entities.items():
        if key in existing:
            entities[key] = existing[key]
            report.resolutions.append(Resolution(key, decl.name, "key", existing[key]))
            continue
        entity = _match_by_name(decl, candidates, report)
        if entity is None:
            pending.append(decl)
        else:
            entities[key] = entity
    if not report.ok:
        return entities
    for decl in pending:
        entity = Entity.objects.create(kind=decl.kind, slug=decl.slug, name=decl.name)
        entities[decl.key] = entity
        report.resolutions.append(Resolution(decl.key, decl.name, "new", entity))
        report.new_entities.append(entity)
        report.problems.append(Problem(decl.line, 1, f"new {decl.kind} '{decl.name}' ({decl.key}) created", "warning"))
    _add_variants([(entities[key], [decl.name, *decl.variants]) for key, decl in meta.entities.items()])
    for key, decl in meta.entities.items():
        _complete_entity(entities[key], decl, entities)
    return entities


def _entities_by_name(decls: list[EntityDecl]) -> dict[tuple[str, str], list[Entity]]:
    """Existing entities whose name or a variant equals a declared name: (kind, normalized) -> entities."""
    wanted = {(decl.kind, normalize_name(name)) for decl in decls for name in [decl.name, *decl.variants]}
    norms = {norm for _, norm in wanted}
    found: dict[tuple[str, str], dict[int, Entity]] = {}
    for entity in Entity.objects.current().filter(name_normalized__in=norms):
        found.setdefault((entity.kind, entity.name_normalized), {})[entity.pk] = entity
    for variant in EntityName.objects.filter(normalized__in=norms, entity__merged_into=None).select_related("entity"):
        found.setdefault((variant.entity.kind, variant.normalized), {})[variant.entity_id] = variant.entity
    return {key: sorted(found[key].values(), key=lambda e: e.pk) for key in wanted if key in found}


def _match_by_name(decl: EntityDecl, candidates, report: ImportReport) -> Entity | None:
    matches: list[Entity] = []
    for name in [decl.name, *decl.variants]:
        matches = candidates.get((decl.kind, normalize_name(name)), [])
        if matches:
            break
    if len(matches) > 1:
        report.resolutions.append(Resolution(decl.key, decl.name, "ambiguous", candidates=list(matches)))
        keys = ", ".join(e.key for e in matches)
        report.problems.append(
            Problem(decl.line, 1, f"'{decl.name}' matches several {decl.kind}s ({keys}): declare one of these keys")
        )
        return None
    if matches:
        report.resolutions.append(Resolution(decl.key, decl.name, "name", matches[0]))
        report.problems.append(
            Problem(
                decl.line, 1, f"'{decl.key}' resolved by name to the existing {decl.kind} {matches[0].key}", "warning"
            )
        )
        return matches[0]
    return None


def _add_variants(pairs: list[tuple[Entity, list[str]]]) -> None:
    """Give each entity the names it does not yet carry, in two queries."""
    known: dict[int, set[str]] = {entity.pk: {entity.name_normalized} for entity, _ in pairs}
    for entity_id, norm in EntityName.objects.filter(entity__in=known).values_list("entity_id", "normalized"):
        known[entity_id].add(norm)
    new = []
    for entity, names in pairs:
        for name in names:
            norm = normalize_name(name)
            if norm and norm not in known[entity.pk]:
                known[entity.pk].add(norm)
                new.append(EntityName(entity=entity, name=name, normalized=norm))
    EntityName.objects.bulk_create(new)


def _complete_entity(entity: Entity, decl: EntityDecl, entities: dict[str, Entity]) -> None:
    """Fill the fields the entity lacks from the declaration; never overwrite."""
    changed = False
    for field_name, value in (
        ("description", decl.desc),
        ("date_edtf", decl.dates),
        ("wikidata", decl.wikidata),
        ("viaf", decl.viaf),
    ):
        if value and not getattr(entity, field_name):
            setattr(entity, field_name, value)
            changed = True
    if decl.sort and entity.sort_name == entity.name:
        entity.sort_name = decl.sort
        changed = True
    if decl.place and not entity.place_id and decl.place in entities:
        entity.place = entities[decl.place]
        changed = True
    if changed:
        entity.save()
    if decl.orgs:
        entity.organizations.add(*[entities[key] for key in decl.orgs if key in entities])


def _document(meta: Meta, status: str | None) -> tuple[Document, bool]:
    document = Document.objects.filter(record=meta.record).first() if meta.record else None
    created = document is None
    if created:
        document = Document(record=meta.record)
    document.title = meta.title
    if meta.slug:
        document.slug = meta.slug
    elif created:
        document.slug = ""
    document.date_edtf = meta.date
    document.date_written = meta.date_written
    document.doc_type = meta.type
    document.language = meta.lang
    document.original_language = meta.lang_original
    document.status = status or meta.status
    document.summary = meta.summary
    document.classification = "\n".join(meta.classifications)
    document.source = Source.objects.get_or_create(name=meta.source)[0] if meta.source else None
    document.source_url = meta.source_url
    document.rights = _rights(meta.rights) if meta.rights else None
    document.rights_notice = meta.rights_notice
    document.curator_note = "\n".join(meta.notes)
    document.save()
    return document, created


def _rights(uri: str) -> RightsStatement:
    code, label = RIGHTS_STATEMENTS[uri]
    return RightsStatement.objects.get_or_create(uri=uri, defaults={"code": code, "label": label})[0]


def _document_roles(document: Document, meta: Meta, entities: dict[str, Entity]) -> None:
    """Roles declared in the header that no mark of the body already states."""
    stated = set(document.mentions.values_list("entity_id", "role"))
    Mention.objects.bulk_create(
        Mention(document=document, entity=entities[key], role=role)
        for key, decl in meta.entities.items()
        for role in decl.roles
        if (entities[key].pk, role) not in stated
    )


def _provenance(document: Document, meta: Meta, entities: dict[str, Entity]) -> None:
    for order, step in enumerate(meta.provenance):
        ProvenanceStep.objects.create(
            document=document,
            order=order,
            activity=step.activity,
            agent=entities.get(step.agent_key),
            agent_name=step.agent,
            date_edtf=step.date,
            citation=step.citation,
            place=step.place,
            url=step.url,
            note=step.note,
        )


def _collections(document: Document, meta: Meta) -> None:
    for name in meta.collections:
        collection = Collection.objects.get_or_create(name=name)[0]
        CollectionItem.objects.create(collection=collection, document=document, order=collection.items.count())


def _related(document: Document, meta: Meta, report: ImportReport) -> None:
    found = Document.objects.filter(record__in=meta.related)
    document.related.set(found)
    missing = set(meta.related) - {d.record for d in found}
    for record in sorted(missing):
        report.problems.append(Problem(1, 1, f"related record {record} is not in the archive (yet)", "warning"))
