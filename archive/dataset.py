"""The dataset of all public records: a CSV file per kind of record and the annotated texts, in one zip.

Written record by record: every table is read with `.iterator(chunk_size=...)` and each row goes
straight into its entry of the zip (`ZipFile.open(name, "w")`), so memory holds at most a chunk of
records, however large the archive. Only what readers see now goes in: the documents public today,
what they hold (texts, mentions, provenance, collection places), the entities, collections and
sources they name, and only the variant names a curator or a public document gave.

Entries (UTF-8 CSV with a header row; `page` is the record's address on the site):

- documents.csv: one row per public document
- texts.csv: each text's plain form, in which mentions.csv counts its positions (code points from 0)
- mentions.csv: each entity a document names, with the span of a text when the name is marked there
- entities.csv, entity_names.csv: the entities public documents name, and their other names
- collections.csv, collection_items.csv: the collections, and the public documents in each
- sources.csv: the sources of public documents
- provenance.csv: the steps of each public document's history
- texts/RECORD-SLUG.txt: each public document as an annotated-text file (AAT/1)
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from archive import api
from archive.annotated.writer import write

from .exporting import ExportError, document_meta, documents_for_export, file_name
from .models import CollectionItem, Document, Entity, EntityName, Mention, ProvenanceStep, Text
from .models.documents import public_q

# Records read from the database at a time.
CHUNK_SIZE = 100
DOWNLOAD_NAME = "plenum-dataset.zip"


def served_file() -> Path:
    """Where the site's copy of the dataset is built and served from (PLENUM_DATASET_FILE, or in var/)."""
    return Path(getattr(settings, "PLENUM_DATASET_FILE", settings.VAR_DIR / DOWNLOAD_NAME))


def built_at(path: Path) -> datetime.datetime | None:
    """When the file at path was built, or None when there is none."""
    try:
        return datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
    except FileNotFoundError:
        return None


def servable(path: Path) -> datetime.datetime | None:
    """When the built file was built, if it may be served: None when missing, or when a document
    hidden now (withdrawn, returned to draft, put under embargo) changed since, so may be in it."""
    built = built_at(path)
    if built is None or Document.objects.unpublished().filter(modified__gte=built).exists():
        return None
    return built


class Table:
    """One CSV entry: its columns and the rows of a query, read chunk by chunk."""

    def __init__(self, name: str, columns: list[str], rows: Callable[[int, Callable[[str], str]], Iterable[list]]):
        self.name, self.columns, self.rows = name, columns, rows


def _documents(chunk_size, absolute):
    documents = Document.objects.published().select_related("source", "rights").order_by("record")
    for d in documents.iterator(chunk_size=chunk_size):
        yield [
            d.record,
            absolute(d.get_absolute_url()),
            d.title,
            d.date_edtf,
            d.date_start,
            d.date_end,
            d.date_written,
            d.doc_type,
            d.language,
            d.original_language,
            d.source.slug if d.source else "",
            d.source_url,
            d.rights.uri if d.rights else "",
            d.rights_notice,
            d.summary,
            " | ".join(d.classification_marks()),
        ]


def _texts(chunk_size, absolute):
    texts = Text.objects.filter(public_q("document__")).order_by("document__record", "order")
    fields = ("document__record", "order", "language", "text_type", "plain")
    yield from texts.values_list(*fields).iterator(chunk_size=chunk_size)


def _mentions(chunk_size, absolute):
    mentions = Mention.objects.filter(public_q("document__")).order_by("document__record", "text__order", "start", "pk")
    fields = ("document__record", "text__order", "entity_id", "role", "start", "end", "quote")
    yield from mentions.values_list(*fields).iterator(chunk_size=chunk_size)


def _entities(chunk_size, absolute):
    entities = Entity.objects.current().public().with_public_flag().with_document_counts().order_by("pk")
    for e in entities.iterator(chunk_size=chunk_size):
        yield [
            e.pk,
            e.key,
            absolute(e.get_absolute_url()),
            e.kind,
            e.name,
            e.sort_name,
            e.description,
            e.date_edtf,
            e.wikidata,
            e.viaf,
            e.place_id if e.place_id and e.place_is_public else "",  # an event's place, when readers see it
            e.document_count,
        ]


def _entity_names(chunk_size, absolute):
    names = EntityName.objects.filter(
        Q(document__isnull=True) | public_q("document__"),
        entity__in=Entity.objects.current().public().values("pk"),
    ).order_by("entity_id", "name", "pk")
    yield from names.values_list("entity_id", "name", "note").iterator(chunk_size=chunk_size)


def _collections(chunk_size, absolute):
    for c in api.collections().order_by("slug").iterator(chunk_size=chunk_size):
        yield [c.slug, absolute(c.get_absolute_url()), c.name, c.description, c.document_count]


def _collection_items(chunk_size, absolute):
    items = CollectionItem.objects.filter(public_q("document__")).order_by("collection__slug", "order", "pk")
    yield from items.values_list("collection__slug", "document__record", "order").iterator(chunk_size=chunk_size)


def _sources(chunk_size, absolute):
    for s in api.sources().order_by("slug").iterator(chunk_size=chunk_size):
        yield [s.slug, s.name, s.url, s.description, s.document_count]


def _provenance(chunk_size, absolute):
    steps = ProvenanceStep.objects.filter(public_q("document__")).order_by("document__record", "order", "pk")
    fields = ("document__record", "order", "activity", "agent_id", "agent_name", "date_edtf")
    fields += ("citation", "place", "url", "note")
    yield from steps.values_list(*fields).iterator(chunk_size=chunk_size)


TABLES = [
    Table(
        "documents.csv",
        [
            "record",
            "page",
            "title",
            "date",
            "date_start",
            "date_end",
            "date_written",
            "type",
            "language",
            "original_language",
            "source",
            "source_url",
            "rights",
            "rights_notice",
            "summary",
            "classification",
        ],
        _documents,
    ),
    Table("texts.csv", ["record", "order", "language", "type", "plain"], _texts),
    Table("mentions.csv", ["record", "text_order", "entity_id", "role", "start", "end", "quote"], _mentions),
    Table(
        "entities.csv",
        [
            "id",
            "key",
            "page",
            "kind",
            "name",
            "sort_name",
            "description",
            "dates",
            "wikidata",
            "viaf",
            "place_id",
            "document_count",
        ],
        _entities,
    ),
    Table("entity_names.csv", ["entity_id", "name", "note"], _entity_names),
    Table("collections.csv", ["slug", "page", "name", "description", "document_count"], _collections),
    Table("collection_items.csv", ["collection", "record", "order"], _collection_items),
    Table("sources.csv", ["slug", "name", "url", "description", "document_count"], _sources),
    Table(
        "provenance.csv",
        ["record", "order", "activity", "agent_id", "agent_name", "date", "citation", "place", "url", "note"],
        _provenance,
    ),
]


def public_annotated_text(document: Document) -> str:
    """The document as an annotated-text file, as a reader may see it.

    Without the curator's notes (never shown to readers), the records related to it that are not
    public, and the variants a hidden document declared.
    """
    meta, texts = document_meta(document, public=True)
    try:
        return write(meta, texts)
    except ValueError as exc:
        raise ExportError(f"record {document.record}: {exc}") from exc


@contextmanager
def _csv_entry(archive: zipfile.ZipFile, name: str):
    """A csv writer whose rows go straight into the zip entry name."""
    with archive.open(name, "w", force_zip64=True) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as out:
        yield csv.writer(out)


def build_file(path: Path, **options) -> dict[str, int]:
    """Write the dataset to path (options as for write_dataset), replacing it only once complete.

    Written beside it and moved into its place, so a reader never gets half a file; dated with the
    time the build began, so a document hidden after that withholds it (see servable).
    """
    started = time.time()
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            counts = write_dataset(out, **options)
        os.utime(partial, (started, started))
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return counts


def write_dataset(target, *, base_url: str = "", chunk_size: int = CHUNK_SIZE) -> dict[str, int]:
    """Write the dataset into target (a path or a binary file); the number of rows or files per entry.

    base_url: put before each page's path (e.g. https://plenum.example.org); pages stay paths without it.
    """
    base = base_url.rstrip("/")

    def absolute(path: str) -> str:
        return f"{base}{path}"

    counts: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            with _csv_entry(archive, table.name) as writer:
                writer.writerow(table.columns)
                counts[table.name] = 0
                for row in table.rows(chunk_size, absolute):
                    writer.writerow(["" if value is None else value for value in row])
                    counts[table.name] += 1
        documents = documents_for_export(Document.objects.published())
        counts["texts/"] = 0
        for document in documents.iterator(chunk_size=chunk_size):
            with archive.open(f"texts/{file_name(document)}", "w", force_zip64=True) as entry:
                entry.write(public_annotated_text(document).encode("utf-8"))
            counts["texts/"] += 1
    return counts
