"""Write a document's metadata and texts as an annotated-text file (AAT/1), the parser's inverse.

Pure Python: no Django. For metadata the parser can produce, parse(write(meta, texts)) gives the
same metadata and the same text sources.
"""

from __future__ import annotations

from .model import EntityDecl, Meta, ProvenanceDecl
from .vocab import FORMAT_LINE, PROVENANCE_KEYS, SUPPLIABLE_KEYS

WIDTH = 100  # header lines are wrapped near this column, where the parser joins them back exactly
INDENT = "  "


def write(meta: Meta, texts: list[tuple[str, str, str]]) -> str:
    """The file for meta and texts, given as (language, text type, annotated source) in order.

    The first text is the one the header's `lang` describes, and the format reads it as a
    translation; further texts follow under `@text` lines.
    """
    if not texts:
        raise ValueError("a document needs at least one text")
    lang, type_, _ = texts[0]
    if lang != meta.lang or type_ != "translation":
        raise ValueError(
            f"the first text must be a translation in the document's language ({meta.lang}), "
            f"not a {type_} in {lang}: the format cannot say otherwise"
        )
    lines = [FORMAT_LINE]
    for key, value in _header(meta):
        lines.extend(_wrap(key, value))
    parts = ["\n".join(lines), texts[0][2]]
    parts += [f"@text lang={lang} type={type_}\n{source}" for lang, type_, source in texts[1:]]
    return "\n\n".join(parts) + "\n"


def _header(meta: Meta) -> list[tuple[str, str]]:
    """(key, value) pairs in the order of the format's documentation; empty values left out."""
    single = [
        ("record", str(meta.record) if meta.record else ""),
        ("title", meta.title),
        ("slug", meta.slug),
        ("date", meta.date),
        ("date.written", meta.date_written),
        ("type", meta.type),
        ("lang", meta.lang),
        ("lang.original", meta.lang_original),
        ("status", meta.status),
        ("embargo", meta.embargo),
        ("withdrawn", meta.withdrawn),
        ("withdrawn.reason", meta.withdrawn_reason),
        ("title.withheld", "yes" if meta.title_withheld else ""),
        ("summary", meta.summary),
    ]
    pairs = [(key, value) for key, value in single if value]
    pairs += [("classification", value) for value in meta.classifications]
    pairs += [
        (key, value)
        for key, value in (
            ("source", meta.source),
            ("source.url", meta.source_url),
            ("rights", meta.rights),
            ("rights.notice", meta.rights_notice),
        )
        if value
    ]
    pairs += [("supplied", _supplied(key, meta.supplied[key])) for key in SUPPLIABLE_KEYS if key in meta.supplied]
    pairs += [("provenance", _provenance(step)) for step in meta.provenance]
    pairs += [("entity", _entity(decl)) for decl in meta.entities.values()]
    pairs += [("collection", value) for value in meta.collections]
    pairs += [("related", str(record)) for record in meta.related]
    pairs += [("note", value) for value in meta.notes]
    return pairs


def _escape(value: str) -> str:
    """A value inside a structured header line: '\\', ';' and '|' stand for themselves when escaped."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def _items(values: list[str]) -> str:
    return " | ".join(_escape(value) for value in values)


def _supplied(key: str, note: str) -> str:
    return f"{key} ; note = {_escape(note)}" if note else key


def _provenance(step: ProvenanceDecl) -> str:
    values = {
        "agent": step.agent_key or step.agent,
        "date": step.date,
        "citation": step.citation,
        "place": step.place,
        "url": step.url,
        "note": step.note,
    }
    return " ; ".join([step.activity, *(f"{key} = {_escape(values[key])}" for key in PROVENANCE_KEYS if values[key])])


def _entity(decl: EntityDecl) -> str:
    fields = [
        ("variants", _items(decl.variants)),
        ("role", _items(decl.roles)),
        ("desc", _escape(decl.desc)),
        ("sort", _escape(decl.sort)),
        ("dates", decl.dates),
        ("wikidata", decl.wikidata),
        ("viaf", decl.viaf),
        ("place", decl.place),
        ("orgs", _items(decl.orgs)),
    ]
    return " ; ".join([f"{decl.key} = {_escape(decl.name)}", *(f"{key} = {value}" for key, value in fields if value)])


def _wrap(key: str, value: str) -> list[str]:
    """`key: value`, continued on indented lines when long, preferably after a `;`.

    The parser joins a continuation line to the previous one with one space, so a line is only
    broken at a single space between two characters that are not white space.
    """
    lines, prefix = [], f"{key}: "
    start, last, after_semicolon = 0, -1, -1  # the current line's start in value; break points seen
    for index in [*_break_points(value), len(value)]:
        if len(prefix) + index - start > WIDTH and last > start:
            cut = after_semicolon if after_semicolon > start + WIDTH // 2 else last
            lines.append(prefix + value[start:cut])
            prefix, start = INDENT, cut + 1
        last = index
        if value[index - 1] == ";":
            after_semicolon = index
    lines.append(prefix + value[start:])
    return lines


def _break_points(value: str) -> list[int]:
    """Single spaces between two other characters, except around '=' (a key stays with its value)."""
    return [
        index
        for index in range(1, len(value) - 1)
        if value[index] == " "
        and not value[index - 1].isspace()
        and not value[index + 1].isspace()
        and "=" not in (value[index - 1], value[index + 1])
    ]
