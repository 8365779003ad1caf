"""Where the archive keeps each key of an annotated-text header, and how it reads and writes it.

One row a header key (archive/annotated/header.py lists the keys and the attributes of Meta):
the Document field that keeps the value, its label, how the import writes a header value into the
record and how export and the import preview read the record's value back as the header gives it.
The import (`importing._document`), the export (`exporting.document_meta`), the preview's changes
(`previews.compare_with_existing`) and the supplied values' fields and labels derive from it.

The keys of related records (provenance, entity, collection, related) have no reader or writer
here: their rows are made by `importing` (which resolves entity keys) and read by `exporting`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from archive.annotated.header import SUPPLIABLE_KEYS, attribute, one_line
from archive.annotated.inline import SLUG
from archive.annotated.vocab import RIGHTS_STATEMENTS

from .models.provenance import RightsStatement, Source

WITHDRAWN = "withdrawn"  # the status of a withdrawn record (Document.Status.WITHDRAWN)


@dataclass(frozen=True)
class HeaderField:
    key: str  # the header key
    field: str  # the Document field, or the relation, that keeps the value
    label: str  # as readers and curators see it
    read: Callable[[Any], Any] | None = None  # the record's value as the header gives it (Meta's form)
    write: Callable[[Any, Any], None] | None = None  # set the record's field from a header value
    compared: bool = False  # the import preview shows a change of it
    public: bool = True  # readers see it: an export for readers (TEI, the dataset, the API) keeps it

    @property
    def attribute(self) -> str:
        """The attribute of Meta that holds the header's value."""
        return attribute(self.key)


def _kept(field: str, *, lines: bool = False):
    """Reader and writer of a field that keeps the header's value as it is (`lines`: a text field
    whose line breaks, typed in the admin, the header gives as single spaces)."""

    def read(document):
        value = getattr(document, field)
        return one_line(value) if lines else value

    def write(document, value) -> None:
        setattr(document, field, value)

    return {"read": read, "write": write}


def _write_slug(document, value: str) -> None:
    # A file without a slug keeps the record's; a new record derives one from its title.
    if value or document._state.adding:
        document.slug = value


def _read_slug(document) -> str:
    # A slug of other characters (from a title in another script) is derived again on import.
    return document.slug if SLUG.match(document.slug) else ""


def _day(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _write_embargo(document, value: str) -> None:
    document.embargo_until = _day(value)


def _read_embargo(document) -> str:
    return _iso(document.embargo_until)


# The withdrawal keys belong to a withdrawn record only; the status is written before them.
def _write_withdrawn(document, value: str) -> None:
    from .models.documents import today  # the models import this module

    withdrawn = document.status == WITHDRAWN
    document.withdrawn = (_day(value) or document.withdrawn or today()) if withdrawn else None


def _read_withdrawn(document) -> str:
    return _iso(document.withdrawn) if document.status == WITHDRAWN else ""


def _write_withdrawal_reason(document, value: str) -> None:
    document.withdrawal_reason = value if document.status == WITHDRAWN else ""


def _read_withdrawal_reason(document) -> str:
    return one_line(document.withdrawal_reason) if document.status == WITHDRAWN else ""


def _write_title_withheld(document, value: bool) -> None:
    document.title_withheld = value and document.status == WITHDRAWN


def _read_title_withheld(document) -> bool:
    return document.title_withheld if document.status == WITHDRAWN else False


def _write_classification(document, values: list[str]) -> None:
    document.classification = "\n".join(values)


def _read_classification(document) -> list[str]:
    return document.classification_marks()


def _write_source(document, name: str) -> None:
    document.source = Source.objects.get_or_create(name=name)[0] if name else None


def _read_source(document) -> str:
    return document.source.name if document.source else ""


def _write_rights(document, uri: str) -> None:
    if uri:
        code, label = RIGHTS_STATEMENTS[uri]
        document.rights = RightsStatement.objects.get_or_create(uri=uri, defaults={"code": code, "label": label})[0]
    else:
        document.rights = None


def _read_rights(document) -> str:
    return document.rights.uri if document.rights else ""


def _write_supplied(document, supplied: dict[str, str]) -> None:
    document.supplied = dict(supplied)


def _read_supplied(document) -> dict[str, str]:
    return {key: one_line(note) for key, _, note in document.supplied_values()}


def _write_notes(document, notes: list[str]) -> None:
    document.curator_note = "\n".join(notes)


def _read_notes(document) -> list[str]:
    return [line.strip() for line in document.curator_note.splitlines() if line.strip()]


HEADER_FIELDS = (
    HeaderField("record", "record", "Record", read=lambda document: document.record),  # chooses the record
    HeaderField("title", "title", "Title", **_kept("title"), compared=True),
    HeaderField("slug", "slug", "Slug", read=_read_slug, write=_write_slug),
    HeaderField("date", "date_edtf", "Date", **_kept("date_edtf"), compared=True),
    HeaderField("date.written", "date_written", "Date as written", **_kept("date_written"), compared=True),
    HeaderField("type", "doc_type", "Type", **_kept("doc_type"), compared=True),
    HeaderField("lang", "language", "Language", **_kept("language"), compared=True),
    HeaderField("lang.original", "original_language", "Original language", **_kept("original_language"), compared=True),
    HeaderField("status", "status", "Status", **_kept("status")),
    HeaderField("embargo", "embargo_until", "Embargoed until", read=_read_embargo, write=_write_embargo, compared=True),
    HeaderField("withdrawn", "withdrawn", "Withdrawn on", read=_read_withdrawn, write=_write_withdrawn),
    HeaderField(
        "withdrawn.reason",
        "withdrawal_reason",
        "Reason for withdrawal",
        read=_read_withdrawal_reason,
        write=_write_withdrawal_reason,
    ),
    HeaderField(
        "title.withheld", "title_withheld", "Title withheld", read=_read_title_withheld, write=_write_title_withheld
    ),
    HeaderField("summary", "summary", "Summary", **_kept("summary", lines=True), compared=True),
    HeaderField(
        "classification", "classification", "Classification", read=_read_classification, write=_write_classification
    ),
    HeaderField("source", "source", "Source", read=_read_source, write=_write_source, compared=True),
    HeaderField("source.url", "source_url", "Source URL", **_kept("source_url")),
    HeaderField("rights", "rights", "Rights statement", read=_read_rights, write=_write_rights, compared=True),
    HeaderField("rights.notice", "rights_notice", "Rights notice", **_kept("rights_notice", lines=True), compared=True),
    HeaderField(
        "supplied", "supplied", "Supplied by the archive", read=_read_supplied, write=_write_supplied, compared=True
    ),
    HeaderField("provenance", "provenance", "Provenance"),
    HeaderField("entity", "mentions", "Entities"),
    HeaderField("collection", "collection_items", "Collections"),
    HeaderField("related", "related", "Related records"),
    HeaderField("note", "curator_note", "Curator's notes", read=_read_notes, write=_write_notes, public=False),
)

BY_KEY = {header_field.key: header_field for header_field in HEADER_FIELDS}
DOCUMENT_FIELDS = tuple(f for f in HEADER_FIELDS if f.read)  # kept on the Document itself
RELATED_RECORD_KEYS = tuple(f.key for f in HEADER_FIELDS if not f.read)  # kept in rows of other models
COMPARED_FIELDS = tuple(f for f in HEADER_FIELDS if f.compared)
# The header key of each value a record may mark as supplied -> (the Document field, a reader's label).
SUPPLIED_FIELDS = {key: (BY_KEY[key].field, BY_KEY[key].label) for key in SUPPLIABLE_KEYS}


def write_document(document, meta) -> None:
    """Set the document's fields from the header (meta), in the table's order; the record number
    is the caller's (it chooses the document)."""
    for header_field in DOCUMENT_FIELDS:
        if header_field.write:
            header_field.write(document, getattr(meta, header_field.attribute))


def document_values(document, *, public: bool = False) -> dict[str, Any]:
    """The attributes of Meta that the document's own fields give; public: only those readers see."""
    return {f.attribute: f.read(document) for f in DOCUMENT_FIELDS if f.public or not public}
