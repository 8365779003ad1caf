"""Write a document's metadata and texts as an annotated-text file (AAT/1), the parser's inverse.

Pure Python: no Django. For metadata the parser can produce, parse(write(meta, texts)) gives the
same metadata and the same text sources.
"""

from __future__ import annotations

from .header import HEADER_KEYS, SUPPLIABLE_KEYS, one_line
from .model import EntityDecl, Meta, ProvenanceDecl
from .vocab import FORMAT_LINE, PROVENANCE_KEYS

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
    lines = [FORMAT_LINE, *header_lines(meta)]
    parts = ["\n".join(lines), texts[0][2]]
    parts += [f"@text lang={lang} type={type_}\n{source}" for lang, type_, source in texts[1:]]
    return "\n\n".join(parts) + "\n"


def header_lines(meta: Meta, *, keep_empty: tuple[str, ...] = (), wrap: bool = True) -> list[str]:
    """The header's lines for meta, after the format line: the keys in the table's order
    (archive.annotated.header), a value a line, long ones wrapped unless told not to; empty
    values left out, but for keys in keep_empty, written as `key:` for someone to fill in."""
    lines = []
    for header_key in HEADER_KEYS:
        values = _values(header_key.key, getattr(meta, header_key.attribute))
        if not values and header_key.key in keep_empty:
            lines.append(f"{header_key.key}:")
        for value in values:
            lines.extend(_wrap(header_key.key, value) if wrap else [f"{header_key.key}: {value}"])
    return lines


def _values(key: str, value) -> list[str]:
    """The header values that stand for a value of Meta: none for an empty one, one a line for a list."""
    if key in WRITERS:
        return [one_line(WRITERS[key](item)) for item in _items_of(key, value)]
    if isinstance(value, bool):
        return ["yes"] if value else []
    if isinstance(value, list):
        return [one_line(item) for item in value if one_line(item)]
    value = one_line(str(value or ""))
    return [value] if value else []


def _items_of(key: str, value) -> list:
    if not value:
        return []
    if key == "supplied":
        return [(field_key, value[field_key]) for field_key in SUPPLIABLE_KEYS if field_key in value]
    if key == "entity":
        return list(value.values())
    return value if isinstance(value, list) else [value]


def _escape(value: str) -> str:
    """A value inside a structured header line: '\\', ';' and '|' stand for themselves when escaped."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def _items(values: list[str]) -> str:
    return " | ".join(_escape(value) for value in values)


def _supplied(pair: tuple[str, str]) -> str:
    key, note = pair
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


# How a structured value is written (the other values are written as they are).
WRITERS = {"record": str, "related": str, "supplied": _supplied, "provenance": _provenance, "entity": _entity}
