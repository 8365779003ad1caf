"""What an import would do, shown to a curator before anything is written."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from archive.annotated import parse
from archive.annotated.header import SUPPLIABLE_KEYS
from archive.annotated.model import Parsed
from archive.annotated.render import render_text
from archive.annotated.vocab import DOCUMENT_TYPES

from .header_fields import COMPARED_FIELDS
from .importing import ImportReport, import_file
from .models import Document, Entity, EntityName
from .texts import entities_for_keys, entity_linker

MAX_EXCERPTS = 200  # problems shown per file; a file with more has other things to fix first
MAX_DIFF_LINES = 1000  # lines of a text diff shown; a longer one is a rewrite, counted


@dataclass
class Excerpt:
    """Lines of the source around a problem, with the problem's column marked."""

    line: int
    column: int
    message: str
    severity: str
    lines: list[tuple[int, str]]


@dataclass
class FilePreview:
    pk: int
    name: str
    text: str = ""
    error: str = ""
    is_raw: bool = False
    flags: list[str] = field(default_factory=list)
    parsed: Parsed | None = None
    report: ImportReport | None = None
    rendered: list[tuple[str, str]] = field(default_factory=list)  # (label, html)
    excerpts: list[Excerpt] = field(default_factory=list)
    existing: Document | None = None
    duplicates: list = field(default_factory=list)  # archive.duplicates.Duplicate
    compared: Document | None = None  # the first record it repeats, when changes compare with that
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, before, after)
    text_diff: list[str] = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    more_problems: int = 0  # problems beyond the first MAX_EXCERPTS, counted but not shown
    more_diff_lines: int = 0  # lines of the text diff beyond the first MAX_DIFF_LINES

    @property
    def importable(self) -> bool:
        return not self.error and self.report is not None and self.report.ok

    @property
    def choices(self) -> list:
        """The entity resolutions a curator may overrule: a name or spelling taken for an existing entity."""
        return [r for r in self.report.resolutions if r.outcome in ("name", "spelling")] if self.report else []

    @property
    def type_label(self) -> str:
        meta = self.parsed.meta if self.parsed else None
        return DOCUMENT_TYPES.get(meta.type, "") if meta else ""


NOT_ANNOTATED = (
    "This file does not begin with the format line 'AAT/1', so it is read as a web page and drafted. "
    "If it is meant to be annotated text, add that line at its top."
)


def is_annotated(text: str) -> bool:
    """Whether text is annotated text: its first line is a format line (AAT/...)."""
    return text.lstrip("\ufeff \t\r\n").startswith("AAT/")


def annotated_text(text: str, is_raw: bool) -> tuple[str, list[str]]:
    """The annotated text of an upload and the draft's flags: a raw web page, or a file that is not
    annotated text at all, becomes a draft."""
    if not is_raw and is_annotated(text):
        return text, []
    from archive.annotated.raw import draft

    result = draft(text)
    return result.text, ([] if is_raw else [NOT_ANNOTATED]) + list(result.flags)


def preview(pk: int, name: str, text: str, *, is_raw: bool = False, error: str = "") -> FilePreview:
    result = FilePreview(pk=pk, name=name, error=error, is_raw=is_raw)
    if error:
        return result
    result.text, result.flags = annotated_text(text, is_raw)
    result.parsed = parse(result.text)
    result.report = import_file(result.text.encode("utf-8"), name=name, dry_run=True, parsed=result.parsed)
    result.duplicates = result.report.duplicates
    result.excerpts = _excerpts(result.text, result.report.problems[:MAX_EXCERPTS])
    result.more_problems = max(0, len(result.report.problems) - MAX_EXCERPTS)
    if result.parsed.ok:
        entities = entities_for_keys([*result.parsed.meta.entities, *result.parsed.undeclared])
        link = entity_linker(entities)
        result.rendered = [
            (f"{text.type.title()} ({text.lang})", render_text(text, link, anchor_prefix=f"f{pk}-t{i}-"))
            for i, text in enumerate(result.parsed.texts)
        ]
        result.existing, result.changes, result.text_diff = compare_with_existing(result.parsed)
        if result.duplicates and not result.existing:  # what updating the record it repeats would change
            record = result.duplicates[0].document.record
            result.compared, result.changes, result.text_diff = compare_with_existing(result.parsed, record)
        result.more_diff_lines = max(0, len(result.text_diff) - MAX_DIFF_LINES)
        del result.text_diff[MAX_DIFF_LINES:]
        result.suggestions = suggestions_for(result.text)
    return result


def _excerpts(text: str, problems) -> list[Excerpt]:
    """Each problem with the lines of the source around it (the source split once, not per problem)."""
    lines = text.split("\n")
    excerpts = []
    for problem in problems:
        first, last = max(1, problem.line - 2), min(len(lines), problem.line + 2)
        around = [(n, lines[n - 1]) for n in range(first, last + 1)]
        excerpts.append(Excerpt(problem.line, problem.column, problem.message, problem.severity, around))
    return excerpts


def compare_with_existing(parsed: Parsed, record: int | None = None) -> tuple[Document | None, list, list[str]]:
    """The record a file would update (its own, or record), the metadata it changes and a diff of the texts."""
    meta = parsed.meta
    document = None
    record = record or meta.record
    if record:
        document = Document.objects.filter(record=record).select_related("source", "rights").first()
    if document is None:
        return None, [], []
    changes = []
    for header_field in COMPARED_FIELDS:
        before, after = _shown(header_field.read(document)), _shown(getattr(meta, header_field.attribute))
        if before != after:
            changes.append((header_field.label, before, after))
    before_texts = "\n\n".join(document.texts.order_by("order").values_list("source", flat=True))
    after_texts = "\n\n".join(text.source for text in parsed.texts)
    diff = difflib.unified_diff(
        before_texts.splitlines(), after_texts.splitlines(), "in the archive", "in the file", lineterm="", n=1
    )
    return document, changes, list(diff)


def _shown(value) -> str:
    """A compared value as text; supplied values as 'key (why)', one per line, in the format's order."""
    if isinstance(value, dict):
        return "; ".join(f"{key} ({value[key]})" if value[key] else key for key in SUPPLIABLE_KEYS if key in value)
    return value or ""


def archive_names() -> list[tuple[str, str]]:
    """(entity key, name) for every name and variant of the archive's current entities."""
    entities = Entity.objects.current().only("kind", "slug", "name")
    keys = {entity.pk: entity.key for entity in entities}
    names = [(keys[entity.pk], entity.name) for entity in entities]
    variants = EntityName.objects.filter(entity__merged_into=None).values_list("entity_id", "name")
    names += [(keys[entity_id], name) for entity_id, name in variants]
    return names


def suggestions_for(text: str) -> list:
    from archive.annotated.suggest import suggest

    return suggest(text, archive_names())
