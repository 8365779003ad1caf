"""Import annotated-text files into the archive: one file, one transaction.

A file with an error writes nothing. Entity keys resolve to declarations in the file first, then
to the archive's entities by key, then by name or variant, then (persons and places) by another
spelling of a name (archive.annotated.romanization); what remains is created.

A file that names no record number is checked against the archive for duplicates
(archive/duplicates.py); the caller says what to do with one: create all the same (a warning),
refuse (an error), or update the record it repeats.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.db import transaction

from archive.annotated import Problem, parse_bytes
from archive.annotated.model import EntityDecl, Meta, Parsed
from archive.annotated.rekey import rekey
from archive.annotated.romanization import is_distinctive
from archive.kinds import ROMANIZED

from . import history
from .duplicates import Duplicate, find_duplicates, store_sketch
from .header_fields import write_document
from .lengths import too_long
from .models import (
    Collection,
    CollectionItem,
    Document,
    Entity,
    EntityName,
    Mention,
    ProvenanceStep,
    Text,
)
from .models.documents import today
from .models.entities import name_key, normalize_name
from .search import index_document, refresh_publication
from .texts import apply_parsed_text, entities_for_keys


@dataclass
class Resolution:
    """How one entity key of a file resolved: to an entity by key, by name, as new, or ambiguously."""

    key: str
    name: str
    outcome: str  # "key", "name", "spelling", "new" or "ambiguous"
    entity: Entity | None = None
    candidates: list[Entity] = field(default_factory=list)


@dataclass
class ImportReport:
    name: str
    problems: list[Problem] = field(default_factory=list)
    document: Document | None = None
    created: bool = False
    new_entities: list[Entity] = field(default_factory=list)
    changed_entities: list[Entity] = field(default_factory=list)  # created, or given names, fields or links
    resolutions: list[Resolution] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    refused_as_duplicate: bool = False  # not imported only because it repeats a record
    new_variants: list[EntityName] = field(default_factory=list)  # shown once the document is public

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def messages(self) -> list[str]:
        return [p.format(self.name) for p in self.problems]


class _Rollback(Exception):
    pass


DUPLICATE_CHOICES = ("create", "refuse", "update")


def import_file(
    data: bytes,
    *,
    name: str,
    status: str | None = None,
    dry_run: bool = False,
    match_names: bool = True,
    duplicates: str = "create",
    into_record: int | None = None,
    new_keys: frozenset[str] = frozenset(),
    user=None,
    parsed: Parsed | None = None,
) -> ImportReport:
    """Parse data (the bytes of an annotated-text file) and create or update its document.

    With dry_run, everything is resolved and written inside a transaction that is then rolled back:
    the report says what would be created or updated, and the archive is left as it was. A dry run
    leaves out what follows from the parsed texts alone and adds nothing to the report (their
    rendering, mentions and search index row), so that a large file is previewed quickly.
    Without match_names, a key not in the archive always creates its entity (for rebuilding an
    archive from its own export, where two entities may share a name); keys in new_keys create
    their entity whatever names the archive holds.

    duplicates says what to do with a file that repeats existing records (report.duplicates):
    'create' a new record all the same (a warning), 'refuse' it (an error), or 'update' the one
    record it repeats. into_record imports the file as an update of that record, whatever its
    header says. `parsed`, when the caller has already parsed data, spares parsing it again. What
    an import writes is kept in the history as one revision ("Imported from file NAME"), by user
    when given."""
    if duplicates not in DUPLICATE_CHOICES:
        raise ValueError(f"duplicates must be one of {', '.join(DUPLICATE_CHOICES)}")
    report = ImportReport(name=name)
    parsed = parsed if parsed is not None else parse_bytes(data)
    report.problems.extend(parsed.problems)
    if into_record:
        parsed.meta.record = into_record
        if not Document.objects.filter(record=into_record).exists():
            report.problems.append(Problem(1, 1, f"record {into_record} is not in the archive: nothing to update"))
    report.duplicates = _duplicates(parsed)
    if parsed.ok:
        report.problems.extend(too_long(parsed))
    if not report.ok:
        report.problems.sort(key=lambda p: (p.line, p.column))
        return report
    _decide_duplicates(parsed, report, duplicates, data)
    if not report.ok:
        return report
    try:
        with transaction.atomic(), history.recorded(f"Imported from file {name}", user, manual=True):
            _import(parsed, report, status, match_names, new_keys, dry_run)
            if not report.ok or dry_run:
                raise _Rollback
    except _Rollback:
        if not report.ok:
            report.document, report.created, report.new_entities = None, False, []
    report.problems.sort(key=lambda p: (p.line, p.column))
    return report


def _duplicates(parsed: Parsed) -> list[Duplicate]:
    """The records the file repeats. A file that names its record number is not checked: it updates
    that record, or restores it under its number (an archive rebuilt from its export)."""
    meta = parsed.meta
    if meta.record:
        return []
    return find_duplicates(
        title=meta.title,
        date=meta.date,
        source=meta.source,
        source_url=meta.source_url,
        texts=[text.plain for text in parsed.texts],
    )


def _decide_duplicates(parsed: Parsed, report: ImportReport, choice: str, data: bytes) -> None:
    if not report.duplicates:
        return
    line = _header_line(data, "source.url" if report.duplicates[0].reasons[0].endswith("URL") else "title")
    described = "; ".join(d.describe() for d in report.duplicates)
    if choice == "update" and len(report.duplicates) == 1:
        parsed.meta.record = report.duplicates[0].document.record
        report.problems.append(Problem(line, 1, f"updates the record it repeats: {described}", "warning"))
    elif choice == "update":
        report.problems.append(Problem(line, 1, f"repeats several records, so none is updated: {described}"))
    elif choice == "refuse":
        report.problems.append(Problem(line, 1, f"not created: the archive already holds {described}"))
        report.refused_as_duplicate = True
    else:
        report.problems.append(Problem(line, 1, f"the archive already holds {described}", "warning"))


def _header_line(data: bytes, key: str) -> int:
    """The number of the header line giving key (1 when there is none)."""
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            break
        if line.startswith(f"{key}:"):
            return number
    return 1


def _import(
    parsed: Parsed, report: ImportReport, status: str | None, match_names: bool, new_keys=frozenset(), dry_run=False
) -> None:
    meta = parsed.meta
    entities = _resolve_entities(parsed, report, match_names, new_keys, _public_file(meta, status))
    if not report.ok:
        return
    was_public = Document.objects.published().filter(record=meta.record).exists() if meta.record else False
    document, report.created = _document(meta, status)
    report.document = document
    EntityName.objects.filter(pk__in=[name.pk for name in report.new_variants]).update(document=document)
    # Replace what the file describes; keep the record, its number and its creation time.
    document.texts.all().delete()
    document.mentions.all().delete()
    document.provenance.all().delete()
    document.collection_items.all().delete()
    # The texts are kept with the archive's keys (a file's key may have resolved by name to another).
    archive_keys = {key: entity.key for key, entity in entities.items()}
    for order, parsed_text in enumerate(parsed.texts):
        text = Text.objects.create(
            document=document,
            order=order,
            language=parsed_text.lang or meta.lang,
            text_type=parsed_text.type,
            source=rekey(parsed_text.source, archive_keys),
        )
        if not dry_run:
            apply_parsed_text(text, parsed_text, entities)
    _document_roles(document, meta, entities)
    _provenance(document, meta, entities)
    _collections(document, meta)
    _related(document, meta, report)
    if dry_run:
        return
    store_sketch(document, [text.plain for text in parsed.texts])
    # Kept as they are now, with what was written in bulk (which sends no signal).
    history.add(*report.changed_entities, document)
    if document.is_public != was_public:
        refresh_publication([document.pk])  # the variants it declared show or hide on other documents' rows
    else:
        index_document(document)


def _public_file(meta: Meta, status: str | None) -> bool:
    """Whether the document the file describes will be public once imported."""
    embargoed = bool(meta.embargo) and datetime.date.fromisoformat(meta.embargo) > today()
    return (status or meta.status) == Document.Status.PUBLISHED and not embargoed


def _resolve_entities(
    parsed: Parsed, report: ImportReport, match_names: bool = True, new_keys=frozenset(), public: bool = True
) -> dict[str, Entity]:
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
    unresolved = [decl for key, decl in meta.entities.items() if key not in existing and key not in new_keys]
    candidates = _entities_by_name(unresolved) if match_names else {}
    spelled = _entities_by_spelling(unresolved) if match_names else {}
    pending = []
    for key, decl in meta.entities.items():
        if key in existing:
            entities[key] = existing[key]
            report.resolutions.append(Resolution(key, decl.name, "key", existing[key]))
            continue
        entity = None if key in new_keys else _match_by_name(decl, candidates, report)
        if entity is None and report.ok and key not in new_keys:
            entity = _match_by_spelling(decl, spelled, report)
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
    report.new_variants = EntityName.objects.add_missing(
        [(entities[key], [decl.name, *decl.variants]) for key, decl in meta.entities.items()]
    )
    named = {name.entity_id for name in report.new_variants}
    changed = {entity.pk: entity for entity in report.new_entities}
    # A document readers cannot see completes no entity they can (its description would show).
    shown = set() if public else set(Entity.objects.public().filter(pk__in=[e.pk for e in entities.values()]))
    for key, decl in meta.entities.items():
        entity = entities[key]
        completed = entity not in shown and _complete_entity(entity, decl, entities)
        if completed or entity.pk in named:
            changed[entity.pk] = entity
    report.changed_entities = list(changed.values())
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


def _spelled(decl: EntityDecl) -> list[str]:
    """The keys (archive.annotated.romanization) of a declaration's names worth matching on."""
    if decl.kind not in ROMANIZED:
        return []
    return list(dict.fromkeys(name_key(name) for name in [decl.name, *decl.variants] if is_distinctive(name)))


def _entities_by_spelling(decls: list[EntityDecl]) -> dict[tuple[str, str], list[Entity]]:
    """Existing persons and places with a name or variant spelled otherwise but keyed alike:
    (kind, key) -> entities, in two indexed queries."""
    wanted = {(decl.kind, key) for decl in decls for key in _spelled(decl)}
    keys = {key for _, key in wanted}
    if not keys:
        return {}
    found: dict[tuple[str, str], dict[int, Entity]] = {}
    for entity in Entity.objects.current().filter(name_key__in=keys, kind__in=ROMANIZED):
        found.setdefault((entity.kind, entity.name_key), {})[entity.pk] = entity
    variants = EntityName.objects.filter(name_key__in=keys, entity__merged_into=None, entity__kind__in=ROMANIZED)
    for variant in variants.select_related("entity"):
        found.setdefault((variant.entity.kind, variant.name_key), {})[variant.entity_id] = variant.entity
    return {key: sorted(found[key].values(), key=lambda e: e.pk) for key in wanted if key in found}


def _match_by_spelling(decl: EntityDecl, candidates, report: ImportReport) -> Entity | None:
    """The one existing entity whose name is another spelling of a declared name: proposed, with a
    warning naming it; several are ambiguous (an error)."""
    matches: dict[int, Entity] = {}
    for key in _spelled(decl):
        matches.update((entity.pk, entity) for entity in candidates.get((decl.kind, key), []))
    if len(matches) > 1:
        report.resolutions.append(Resolution(decl.key, decl.name, "ambiguous", candidates=list(matches.values())))
        keys = ", ".join(e.key for e in matches.values())
        report.problems.append(
            Problem(decl.line, 1, f"'{decl.name}' is another spelling of several {decl.kind}s ({keys}): declare one")
        )
        return None
    if not matches:
        return None
    (entity,) = matches.values()
    report.resolutions.append(Resolution(decl.key, decl.name, "spelling", entity))
    report.problems.append(
        Problem(
            decl.line,
            1,
            f"'{decl.key}' ({decl.name}) is taken for the existing {decl.kind} {entity.key} ({entity.name}), "
            f"another spelling of the same name; '{decl.name}' is added to its names",
            "warning",
        )
    )
    return entity


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


def _complete_entity(entity: Entity, decl: EntityDecl, entities: dict[str, Entity]) -> bool:
    """Fill the fields the entity lacks from the declaration, never overwriting; return whether any was."""
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
    orgs = [entities[key] for key in decl.orgs if key in entities]
    if orgs and {org.pk for org in orgs} - set(entity.organizations.values_list("pk", flat=True)):
        entity.organizations.add(*orgs)
        changed = True
    return changed


def _document(meta: Meta, status: str | None) -> tuple[Document, bool]:
    """The record the header describes (found by its number, or new), its fields written from the header."""
    document = Document.objects.filter(record=meta.record).first() if meta.record else None
    created = document is None
    if created:
        document = Document(record=meta.record)
    write_document(document, replace(meta, status=status or meta.status))
    document.save()
    return document, created


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
