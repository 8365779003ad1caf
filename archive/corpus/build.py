"""Writing a synthetic corpus into the archive in bulk: one transaction and a few INSERTs per batch."""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from archive import search
from archive.annotated import dates
from archive.annotated.vocab import RIGHTS_STATEMENTS
from archive.fingerprint import shingles, sketch
from archive.models import (
    Collection,
    CollectionItem,
    Document,
    Entity,
    EntityName,
    Mention,
    ProvenanceStep,
    RecordNumber,
    RightsStatement,
    Shingle,
    Source,
    Text,
)
from archive.models.entities import name_key, normalize_name

from . import bulk, fabricate
from . import words as w

# From this many documents, a load that at least doubles the archive sets indexes aside (see generate).
SET_ASIDE_FROM = 10_000


@dataclass
class CorpusReport:
    documents: int = 0
    texts: int = 0
    mentions: int = 0
    entities: int = 0
    indexes_set_aside: int = 0  # secondary indexes dropped while loading, built again at the end
    in_step: bool = False  # whether the search index held every public document afterwards
    seconds: dict[str, float] = field(default_factory=dict)


def generate(
    documents: int,
    *,
    seed: int = 1956,
    batch: int = 1000,
    workers: int = 0,
    progress: Callable[[int], None] | None = None,
    set_aside: bool | None = None,
    notify: Callable[[str], None] | None = None,
) -> CorpusReport:
    """Add `documents` synthetic documents and about documents/20 entities to the archive, with their
    rows in the search index.

    Documents are made, written and indexed a batch at a time, so memory holds a few batches whatever
    the size. workers > 0 fabricates the batches in that many forked processes while this one writes.

    set_aside: on PostgreSQL, drop the secondary indexes of the tables each batch writes while loading and
    build them again at the end (bulk.indexes_set_aside; notify(definition) hears each first); by default when
    the load is large (SET_ASIDE_FROM) and at least doubles the archive, since each build reads the whole table.
    """
    report = CorpusReport()
    if set_aside is None:
        set_aside = documents >= SET_ASIDE_FROM and documents >= Document.objects.count()
    with bulk.loading():
        aside = bulk.indexes_set_aside(_rewritten_tables(), notify) if set_aside else contextlib.nullcontext([])
        with aside as definitions:
            _generate(documents, seed, batch, workers, progress, report)
            started = time.monotonic()
        report.seconds["indexes"] = time.monotonic() - started
        report.indexes_set_aside = len(definitions)
    started = time.monotonic()
    search.hold_common_words()
    report.seconds["common words"] = time.monotonic() - started
    started = time.monotonic()
    bulk.ready_to_serve(_written_tables())
    report.in_step = search.in_step()
    report.seconds["ready"] = time.monotonic() - started
    return report


def _generate(documents: int, seed: int, batch: int, workers: int, progress, report: CorpusReport) -> None:
    started = time.monotonic()
    with transaction.atomic():
        sources, rights, collections = _reference_rows(seed, documents)
        specs, entities = _entities(max(25, documents // 20), seed)
    report.entities = len(entities)
    report.seconds["entities"] = time.monotonic() - started
    catalog = fabricate.Catalog(specs, {key: e.get_absolute_url() for key, e in entities.items()})
    writer = _Writer(entities, sources, rights, collections)
    first_record = RecordNumber.next_free()
    starts = range(0, documents, batch)
    make = partial(_fabricate_batch, seed, catalog, len(collections), documents, batch)
    started = time.monotonic()
    if workers > 0:
        # Forked children only fabricate: they never use the inherited database connection.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for specs in in_order(pool, make, starts, ahead=2 * workers):
                writer.write(specs, first_record, report)
                if progress:
                    progress(report.documents)
    else:
        for start in starts:
            writer.write(make(start), first_record, report)
            if progress:
                progress(report.documents)
    report.seconds["documents"] = time.monotonic() - started


def _rewritten_tables() -> list[str]:
    """The tables each batch adds rows to (their indexes may be set aside while loading)."""
    from archive.search.backends import postgres

    return [model._meta.db_table for model in _BATCH_MODELS] + [postgres.TERMS]


def _written_tables() -> list[str]:
    """The tables a corpus adds rows to (on PostgreSQL, where their statistics are refreshed afterwards)."""
    from archive.search.backends import postgres

    models = [Entity, EntityName, RecordNumber, *_BATCH_MODELS]
    index = [postgres.TABLE, postgres.TERMS, postgres.FACETS, postgres.COMMON, postgres.RANKS]
    return [model._meta.db_table for model in models] + index


_BATCH_MODELS = [Document, Document.related.through, Text, Mention, ProvenanceStep, CollectionItem, Shingle]


def in_order(pool, function: Callable, arguments, *, ahead: int):
    """function(argument) for each of arguments, computed by the pool, yielded in order, with at most
    `ahead` results computed or waiting beyond the one being used (Pool.imap would compute them all
    as fast as the workers go, and keep the results the writer has not reached in memory)."""
    pending: deque = deque()
    for argument in arguments:
        if len(pending) >= ahead:
            yield pending.popleft().get()
        pending.append(pool.apply_async(function, (argument,)))
    while pending:
        yield pending.popleft().get()


def _fabricate_batch(seed, catalog, collections, total, batch, start) -> list[tuple[fabricate.DocumentSpec, list[int]]]:
    """The documents of one batch, each with the sketch of its texts (computed here, off the writer's process)."""
    specs = [fabricate.make_document(seed, i, catalog, collections) for i in range(start, min(start + batch, total))]
    return [(spec, sketch(shingles([t.plain for t in spec.texts]))) for spec in specs]


def _reference_rows(seed: int, documents: int):
    sources = [Source.objects.get_or_create(name=name)[0] for name in w.SOURCES]
    rights = {}
    for uri, (code, label) in RIGHTS_STATEMENTS.items():
        rights[uri] = RightsStatement.objects.get_or_create(uri=uri, defaults={"code": code, "label": label})[0]
    names = [f"{theme}, {decade}s" for decade in range(1940, 2000, 10) for theme in w.COLLECTION_THEMES]
    wanted = names[: max(5, min(len(names), documents // 2000))]
    collections = [Collection.objects.get_or_create(name=name)[0] for name in wanted]
    return sources, rights, collections


def _entities(count: int, seed: int) -> tuple[list[fabricate.EntitySpec], dict[str, Entity]]:
    """Create the entities with their variants: their specs, and key -> Entity."""
    taken = set(Entity.objects.values_list("kind", "slug"))
    specs = fabricate.make_entities(count, seed, taken)
    rows = []
    for spec in specs:
        start, end = dates.bounds(spec.dates)
        rows.append(
            Entity(
                kind=spec.kind,
                name=spec.name,
                name_normalized=normalize_name(spec.name),
                name_key=name_key(spec.name),
                sort_name=spec.name,
                slug=spec.slug,
                description=spec.description,
                date_edtf=spec.dates,
                date_start=start,
                date_end=end,
            )
        )
    created = Entity.objects.bulk_create(rows, batch_size=1000)
    by_key = {entity.key: entity for entity in created}
    names = []
    for spec in specs:
        entity = by_key[spec.key]
        seen = {entity.name_normalized}
        for variant in spec.variants:
            if normalize_name(variant) not in seen and variant != spec.name:
                seen.add(normalize_name(variant))
                names.append(
                    EntityName(
                        entity=entity, name=variant, normalized=normalize_name(variant), name_key=name_key(variant)
                    )
                )
    EntityName.objects.bulk_create(names, batch_size=1000)
    events = []
    for spec in specs:
        if spec.place_slug:
            event = by_key[spec.key]
            event.place = by_key[f"pl:{spec.place_slug}"]
            events.append(event)
    Entity.objects.bulk_update(events, ["place"], batch_size=1000)
    return specs, by_key


TEXT_COLUMNS = [
    "id", "created", "modified", "document_id", "order", "language", "text_type", "source", "rendered", "plain"
]  # fmt: skip


def _create_texts(texts: list[Text]) -> None:
    """Save texts: on PostgreSQL by COPY, their primary keys taken from the table's sequence first (an INSERT
    through Django would quote every long text in Python, a third of the writer's time); else by bulk_create."""
    if connection.vendor != "postgresql":
        Text.objects.bulk_create(texts)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Text._meta.db_table, len(texts)],
        )
        ids = sorted(pk for (pk,) in cursor.fetchall())
    now = timezone.now()
    for text, pk in zip(texts, ids, strict=True):
        text.pk, text.created, text.modified = pk, now, now
    _insert(Text, TEXT_COLUMNS, [tuple(getattr(text, column) for column in TEXT_COLUMNS) for text in texts])


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Write rows (tuples of the columns' values) into the model's table: by COPY on PostgreSQL, else many rows
    per INSERT. For the tables with the most rows, whose model instances would cost more than the writing."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(c.removesuffix("_id")).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY goes past Django's statement hooks, which the batch's INSERT of documents has already met
            # (the page cache moves every page on at its commit).
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        per_statement = max(1, min(1000, (connection.features.max_query_params or 30000) // len(columns)))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(chunk))}",
                [value for values in chunk for value in values],
            )


class _Writer:
    def __init__(self, entities, sources, rights, collections):
        self.entities, self.sources, self.rights, self.collections = entities, sources, rights, collections
        counts = dict(
            CollectionItem.objects.filter(collection__in=collections)
            .values_list("collection")
            .annotate(n=Count("id"))
            .values_list("collection", "n")
        )
        self.next_order = {c.pk: counts.get(c.pk, 0) for c in collections}
        self.pk_of_index: dict[int, int] = {}  # of the last documents written: those a new one may relate to

    def write(self, batch: list[tuple[fabricate.DocumentSpec, list[int]]], first_record: int, report) -> None:
        specs = [spec for spec, _ in batch]
        with transaction.atomic():
            RecordNumber.objects.bulk_create([RecordNumber(number=first_record + s.index) for s in specs])
            documents = Document.objects.bulk_create([self._document(s, first_record) for s in specs])
            for spec, document in zip(specs, documents, strict=True):
                self.pk_of_index[spec.index] = document.pk
            texts, text_specs = [], []
            for spec, document in zip(specs, documents, strict=True):
                for t in spec.texts:
                    texts.append(
                        Text(
                            document=document,
                            order=t.order,
                            language=t.language,
                            text_type=t.text_type,
                            source=t.source,
                            rendered=t.rendered,
                            plain=t.plain,
                        )
                    )
                    text_specs.append(t)
            _create_texts(texts)
            mentions = self._mentions(specs, documents, texts, text_specs)
            _insert(Mention, ["document_id", "text_id", "entity_id", "role", "start", "end", "quote"], mentions)
            ProvenanceStep.objects.bulk_create(self._provenance(specs, documents))
            CollectionItem.objects.bulk_create(self._collection_items(specs, documents))
            Document.related.through.objects.bulk_create(self._related(specs))
            _insert(
                Shingle,
                ["document_id", "value"],
                [
                    (document.pk, value)
                    for (_, values), document in zip(batch, documents, strict=True)
                    for value in values
                ],
            )
            search.refresh([document.pk for document in documents])
        self._forget_before(specs[0].index - fabricate.RELATED_BACK_MAX)
        report.documents += len(documents)
        report.texts += len(texts)
        report.mentions += len(mentions)

    def _forget_before(self, index: int) -> None:
        for old in [i for i in self.pk_of_index if i < index]:
            del self.pk_of_index[old]

    def _document(self, spec: fabricate.DocumentSpec, first_record: int) -> Document:
        record = first_record + spec.index
        return Document(
            record=record,
            title=spec.title,
            slug=slugify(spec.title)[:100].strip("-"),
            summary=spec.summary,
            doc_type=spec.doc_type,
            date_edtf=spec.date_edtf,
            date_start=spec.date_start,
            date_end=spec.date_end,
            date_written=spec.date_written,
            language=spec.language,
            original_language=spec.original_language,
            classification=spec.classification,
            status=spec.status,
            source=self.sources[spec.source] if spec.source is not None else None,
            source_url=f"https://example.org/corpus/{record}" if spec.source is not None else "",
            rights=self.rights.get(spec.rights),
            rights_notice=spec.rights_notice,
            curator_note="Synthetic record made by generate_corpus for benchmarks; not a historical document.",
        )

    def _mentions(self, specs, documents, texts, text_specs) -> list[tuple]:
        """Rows of (document, text, entity, role, start, end, quote): those of the texts' marks, then the roles
        stated in the header only."""
        entities = self.entities
        found = [
            (text.document_id, text.pk, entities[key].pk, role, start, end, quote)
            for text, spec in zip(texts, text_specs, strict=True)
            for key, role, start, end, quote in spec.mentions
        ]
        for spec, document in zip(specs, documents, strict=True):
            stated = {(key, role) for t in spec.texts for key, role, *_ in t.mentions}
            found += [
                (document.pk, None, entities[key].pk, role, None, None, "")
                for key, role in spec.roles
                if (key, role) not in stated
            ]
        return found

    def _provenance(self, specs, documents) -> list[ProvenanceStep]:
        steps = []
        for spec, document in zip(specs, documents, strict=True):
            for order, step in enumerate(spec.provenance):
                edtf = step.get("date_edtf", "")
                start, end = step.get("bounds", (None, None))
                agent = self.entities.get(step.get("agent_key", ""))
                steps.append(
                    ProvenanceStep(
                        document=document,
                        order=order,
                        activity=step["activity"],
                        agent=agent,
                        agent_name=agent.name if agent else step.get("agent_name", ""),
                        citation=step.get("citation", ""),
                        note=step.get("note", ""),
                        date_edtf=edtf,
                        date_start=start,
                        date_end=end,
                    )
                )
        return steps

    def _collection_items(self, specs, documents) -> list[CollectionItem]:
        items = []
        for spec, document in zip(specs, documents, strict=True):
            if spec.collection is not None:
                collection = self.collections[spec.collection]
                items.append(
                    CollectionItem(collection=collection, document=document, order=self.next_order[collection.pk])
                )
                self.next_order[collection.pk] += 1
        return items

    def _related(self, specs) -> list:
        """Both directions of each relation (the relation is symmetrical)."""
        through = Document.related.through
        rows = []
        for spec in specs:
            other = self.pk_of_index.get(spec.index - spec.related_back) if spec.related_back else None
            if other:
                mine = self.pk_of_index[spec.index]
                rows += [
                    through(from_document_id=mine, to_document_id=other),
                    through(from_document_id=other, to_document_id=mine),
                ]
        return rows
