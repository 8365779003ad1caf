"""Parse an annotated-text file (AAT/1) into metadata, texts, plain text and spans.

Pure Python: no Django. Every problem is reported with its line and column; nothing is guessed.
"""

from __future__ import annotations

import re

from . import dates, publication
from .header import REPEATED_KEYS, REQUIRED_KEYS, SINGLE_KEYS, SUPPLIABLE_KEYS
from .inline import SLUG, InlineParser, Positions, split_key
from .model import Block, EntityDecl, Mark, Meta, Node, Parsed, ParsedText, Problem, ProvenanceDecl, Span
from .vocab import (
    DOCUMENT_TYPES,
    ENTITY_KEYS,
    FORMAT_LINE,
    FW_TYPES,
    PROVENANCE_ACTIVITIES,
    PROVENANCE_KEYS,
    RIGHTS_STATEMENTS,
    ROLES,
    STATUSES,
    SUPPLIED_KEYS,
    TEXT_TYPES,
)

LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$")
URL = re.compile(r"^https?://[^\s<>\"]+$")
HEADER_LINE = re.compile(r"^([a-z][a-z.]*):(?:[ \t]+(.*))?$")
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters (Unicode category Cc) but the tab and the line break, and the bidi controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FENCES = ("stamp", "opener", "closer")
LINE_DIRECTIVES = ("dateline", "byline", "signed")


def parse_bytes(data: bytes) -> Parsed:
    """Decode UTF-8 (reporting where it fails) and parse."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        problem = Problem(line, column, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return Parsed(Meta(), [], [problem])
    return parse(text)


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (counted in characters, from 1) of the byte at offset in UTF-8 data."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return line, column


def parse(source: str) -> Parsed:
    """Parse a whole file: format line, header, body."""
    source = _normalize_newlines(source)
    problems = _character_problems(source, first_line=1)
    lines = source.split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    meta = Meta()
    if not lines or lines[0].strip() != FORMAT_LINE:
        found = lines[0][:40] if lines else ""
        problems.append(Problem(1, 1, f"line 1 must be the format line '{FORMAT_LINE}' (found '{found}')"))
        if not found.startswith("AAT/"):
            return Parsed(meta, [], problems)
    body_start = _parse_header(lines, meta, problems)
    if body_start is None:
        problems.append(Problem(len(lines), 1, "the file has no body: end the header with a blank line, then the text"))
        return Parsed(meta, [], problems)
    body = "\n".join(lines[body_start - 1 :])
    texts, undeclared = _parse_texts(body, body_start, meta, problems)
    if not any(block for text in texts for block in text.blocks):
        problems.append(Problem(body_start, 1, "the body holds no text"))
    for key in list(undeclared):
        if key in meta.entities:
            del undeclared[key]
    _check_header_keys(meta, undeclared)
    problems.sort(key=lambda p: (p.line, p.column))
    return Parsed(meta, texts, problems, undeclared)


def parse_body(body: str, *, lang: str = "", type: str = "translation", declared=()) -> Parsed:
    """Parse the body of one text alone (as stored with a document), lines counted from 1."""
    body = _normalize_newlines(body)
    problems = _character_problems(body, first_line=1)
    meta = Meta(lang=lang)
    texts, undeclared = _parse_texts(body, 1, meta, problems, first_type=type)
    for key in list(undeclared):
        if key in declared:
            del undeclared[key]
    problems.sort(key=lambda p: (p.line, p.column))
    return Parsed(meta, texts, problems, undeclared)


def _normalize_newlines(source: str) -> str:
    return source.replace("\r\n", "\n").replace("\r", "\n")


def _character_problems(source: str, first_line: int) -> list[Problem]:
    problems = []
    line, line_start, scanned = first_line, 0, 0
    for match in CONTROL_CHARACTERS.finditer(source):
        position, char = match.start(), match.group()
        newlines = source.count("\n", scanned, position)
        if newlines:
            line += newlines
            line_start = source.rfind("\n", 0, position) + 1
        scanned = position
        what = "bidirectional control character" if char in BIDI_CONTROLS else "control character"
        problems.append(Problem(line, position - line_start + 1, f"{what} U+{ord(char):04X}"))
    return problems


# --------------------------------------------------------------------------- header


def _split_escaped(value: str, separator: str) -> list[str]:
    """Split on unescaped separators, keeping escapes for the next split; see _unescape."""
    parts, buf, i = [], [], 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            buf.append(value[i : i + 2])
            i += 2
            continue
        if char == separator:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(char)
        i += 1
    parts.append("".join(buf).strip())
    return parts


def _unescape(value: str) -> str:
    """'\\;' and '\\|' stand for the characters themselves in header values."""
    return re.sub(r"\\([;|\\])", r"\1", value)


def _items(value: str) -> list[str]:
    """The '|'-separated items of a header value, unescaped."""
    return [_unescape(item) for item in _split_escaped(value, "|") if item]


def _parse_header(lines: list[str], meta: Meta, problems: list[Problem]) -> int | None:
    """Fill meta from the header; return the line number where the body starts."""
    entries: list[list] = []  # [key, value, line, column]
    seen: dict[str, int] = {}
    for index in range(1, len(lines)):
        number = index + 1
        line = lines[index]
        if not line.strip():
            _apply_header(entries, meta, problems)
            return number + 1
        if line[0] in " \t":
            if not entries:
                problems.append(Problem(number, 1, "a continuation line must follow a 'key: value' line"))
            else:
                entries[-1][1] = f"{entries[-1][1]} {line.strip()}".strip()
            continue
        match = HEADER_LINE.match(line)
        if not match:
            problems.append(
                Problem(number, 1, "a header line must read 'key: value' (the header ends at the first blank line)")
            )
            continue
        key, value = match.group(1), (match.group(2) or "").strip()
        if key not in SINGLE_KEYS and key not in REPEATED_KEYS:
            problems.append(Problem(number, 1, f"unknown header key '{key}'"))
            continue
        if key in SINGLE_KEYS and key in seen:
            problems.append(Problem(number, 1, f"'{key}' appears twice (first on line {seen[key]})"))
            continue
        seen.setdefault(key, number)
        entries.append([key, value, number, len(key) + 3])
    _apply_header(entries, meta, problems)
    return None


def _apply_header(entries: list[list], meta: Meta, problems: list[Problem]) -> None:
    present = {entry[0] for entry in entries if entry[1]}
    first_line = {}
    for key, _, line, _ in entries:
        first_line.setdefault(key, line)
    last_line = entries[-1][2] if entries else 1
    for key in REQUIRED_KEYS:
        if key in present:
            continue
        if key in first_line:
            problems.append(
                Problem(first_line[key], 1, f"the required key '{key}' is empty: write its value after '{key}:'")
            )
        else:
            problems.append(Problem(last_line, 1, f"the header lacks the required key '{key}'"))
    supplied_lines: dict[str, int] = {}
    for key, value, line, column in entries:
        if not value:
            continue

        def bad(message: str, line=line, column=column) -> None:
            problems.append(Problem(line, column, message))

        if key == "record":
            if value.isdigit() and int(value) > 0:
                meta.record = int(value)
            else:
                bad(f"record must be a positive whole number, not '{value}'")
        elif key == "title":
            meta.title = value
        elif key == "slug":
            if SLUG.match(value):
                meta.slug = value
            else:
                bad("slug takes lower-case letters, digits and hyphens")
        elif key == "date":
            try:
                dates.validate(value)
                meta.date = value
            except dates.DateError as exc:
                bad(str(exc))
        elif key == "date.written":
            meta.date_written = value
        elif key == "type":
            if value in DOCUMENT_TYPES:
                meta.type = value
            else:
                bad(f"type '{value}' is not one of: {', '.join(DOCUMENT_TYPES)}")
        elif key in ("lang", "lang.original"):
            if LANGUAGE.match(value):
                setattr(meta, "lang" if key == "lang" else "lang_original", value)
            else:
                bad(f"'{value}' is not a BCP 47 language code (e.g. en, ko, ru, zh-Hant)")
        elif key == "status":
            if value in STATUSES:
                meta.status = value
            else:
                bad(f"status must be draft, published or withdrawn, not '{value}'")
        elif key == "summary":
            meta.summary = value
        elif key == "classification":
            meta.classifications.append(value)
        elif key == "source":
            meta.source = value
        elif key == "source.url":
            if URL.match(value):
                meta.source_url = value
            else:
                bad(f"source.url must be an http or https address, not '{value}'")
        elif key == "rights":
            uri = _normalize_rights(value)
            if uri in RIGHTS_STATEMENTS:
                meta.rights = uri
            else:
                bad(f"'{value}' is not a rights statement URI of the controlled list (see the format's documentation)")
        elif key == "rights.notice":
            meta.rights_notice = value
        elif key == "provenance":
            step = _provenance(value, bad)
            if step:
                step.line = line
                meta.provenance.append(step)
        elif key == "entity":
            decl = _entity(value, line, bad)
            if decl:
                if decl.key in meta.entities:
                    bad(f"entity '{decl.key}' is declared twice (first on line {meta.entities[decl.key].line})")
                else:
                    meta.entities[decl.key] = decl
        elif key == "collection":
            meta.collections.append(value)
        elif key == "related":
            if value.isdigit() and int(value) > 0:
                meta.related.append(int(value))
            else:
                bad(f"related takes a record number, not '{value}'")
        elif key == "note":
            meta.notes.append(value)
        elif key == "supplied":
            _supplied(value, line, meta, present, supplied_lines, bad)
        elif key in publication.KEYS:
            publication.apply(key, value, meta, bad)
    publication.check(entries, meta, problems)


def _supplied(value: str, line: int, meta: Meta, present: set[str], seen: dict[str, int], bad) -> None:
    """`supplied: FIELD ; note = why`: the value of FIELD is the archive's, not the source's."""
    segments = _split_escaped(value, ";")
    field_key = segments[0]
    pairs = _pairs(segments[1:], SUPPLIED_KEYS, bad)
    if field_key not in SUPPLIABLE_KEYS:
        bad(f"supplied takes the key of a single-valued field ({', '.join(SUPPLIABLE_KEYS)}), not '{field_key}'")
    elif field_key in seen:
        bad(f"'{field_key}' is marked supplied twice (first on line {seen[field_key]})")
    elif field_key not in present:
        bad(f"'{field_key}' is marked supplied but the header gives no '{field_key}:' value")
    else:
        seen[field_key] = line
        meta.supplied[field_key] = _unescape(pairs.get("note", ""))


def _normalize_rights(value: str) -> str:
    uri = value.strip()
    if uri.startswith("https://rightsstatements.org/"):
        uri = "http://" + uri[len("https://") :]
    if uri.startswith("http://creativecommons.org/"):
        uri = "https://" + uri[len("http://") :]
    if not uri.endswith("/"):
        uri += "/"
    return uri


def _pairs(segments: list[str], allowed, bad) -> dict[str, str]:
    pairs = {}
    for segment in segments:
        name, eq, value = segment.partition("=")
        name, value = name.strip(), value.strip()
        if not eq:
            bad(f"expected 'key = value', found '{segment}' (write \\; for a semicolon in a value)")
        elif name not in allowed:
            bad(f"unknown key '{name}' (known: {', '.join(allowed)})")
        elif name in pairs:
            bad(f"'{name}' is given twice")
        else:
            pairs[name] = value
    return pairs


def _provenance(value: str, bad) -> ProvenanceDecl | None:
    segments = _split_escaped(value, ";")
    activity = segments[0]
    if activity not in PROVENANCE_ACTIVITIES:
        bad(f"provenance starts with an activity, one of: {', '.join(PROVENANCE_ACTIVITIES)}")
        return None
    pairs = {k: _unescape(v) for k, v in _pairs(segments[1:], PROVENANCE_KEYS, bad).items()}
    step = ProvenanceDecl(activity=activity, **{k: v for k, v in pairs.items() if k != "agent"})
    agent = pairs.get("agent", "")
    if split_key(agent):
        step.agent_key = agent
    else:
        step.agent = agent
    if step.date:
        try:
            dates.validate(step.date)
        except dates.DateError as exc:
            bad(str(exc))
    if step.url and not URL.match(step.url):
        bad(f"url must be an http or https address, not '{step.url}'")
    return step


def _entity(value: str, line: int, bad) -> EntityDecl | None:
    segments = _split_escaped(value, ";")
    key, eq, name = segments[0].partition("=")
    key, name = key.strip(), _unescape(name.strip())
    parsed_key = split_key(key)
    if not eq or not name:
        bad("an entity reads 'KEY = Name ; key = value ...'")
        return None
    if not parsed_key:
        bad(
            f"malformed entity key '{key}': a prefix (p, o, pl, ev, t), ':', "
            "then lower-case letters, digits and hyphens"
        )
        return None
    kind, slug = parsed_key
    pairs = _pairs(segments[1:], ENTITY_KEYS, bad)
    decl = EntityDecl(key=key, kind=kind, slug=slug, name=name, line=line)
    decl.variants = _items(pairs.get("variants", ""))
    decl.roles = _items(pairs.get("role", ""))
    for role in decl.roles:
        if role not in ROLES:
            bad(f"role '{role}' is not one of: {', '.join(ROLES)}")
    decl.desc = _unescape(pairs.get("desc", ""))
    decl.sort = _unescape(pairs.get("sort", ""))
    decl.dates = pairs.get("dates", "")
    if decl.dates:
        try:
            dates.validate(decl.dates)
        except dates.DateError as exc:
            bad(str(exc))
    decl.wikidata = pairs.get("wikidata", "")
    if decl.wikidata and not re.match(r"^Q[1-9][0-9]*$", decl.wikidata):
        bad(f"wikidata takes an item identifier such as Q42, not '{decl.wikidata}'")
    decl.viaf = pairs.get("viaf", "")
    if decl.viaf and not decl.viaf.isdigit():
        bad(f"viaf takes digits, not '{decl.viaf}'")
    decl.place = pairs.get("place", "")
    decl.orgs = _items(pairs.get("orgs", ""))
    if (decl.place or decl.orgs) and kind != "event":
        bad("place and orgs describe events (ev:) only")
    if decl.place and (split_key(decl.place) or ("", ""))[0] != "place":
        bad(f"place takes a place key such as pl:pyongyang, not '{decl.place}'")
    for org in decl.orgs:
        if (split_key(org) or ("", ""))[0] != "organization":
            bad(f"orgs takes organization keys such as o:wpk, not '{org}'")
    return decl


def _check_header_keys(meta: Meta, undeclared: dict) -> None:
    """Keys the header itself refers to (event places and organizations, provenance agents)."""
    for decl in meta.entities.values():
        for key in [decl.place, *decl.orgs]:
            if key and key not in meta.entities:
                undeclared.setdefault(key, []).append((decl.line, 1))
    for step in meta.provenance:
        if step.agent_key and step.agent_key not in meta.entities:
            undeclared.setdefault(step.agent_key, []).append((step.line, 1))


# --------------------------------------------------------------------------- body


def _parse_texts(body: str, first_line: int, meta: Meta, problems: list[Problem], first_type="translation"):
    lines = body.split("\n")
    texts = [ParsedText(lang=meta.lang, type=first_type, line=first_line)]
    source_start = 0
    block_lines: list[tuple[int, str]] = []  # (line number, text) of the open paragraph
    blocks = texts[0].blocks
    i = 0

    def close_paragraph() -> None:
        if block_lines:
            blocks.append(_block("p", block_lines, 0, problems))
            block_lines.clear()

    while i < len(lines):
        number = first_line + i
        line = lines[i]
        if line.startswith("%%"):
            i += 1
            continue
        if not line.strip():
            close_paragraph()
            i += 1
            continue
        if line.startswith("@"):
            if block_lines:
                problems.append(
                    Problem(number, 1, "a directive must start a block: put a blank line before it, or write \\@")
                )
                i += 1
                continue
            match = re.match(r"^@([a-z]+)(.*)$", line)
            name, rest = (match.group(1), match.group(2)) if match else ("", line[1:])
            if name == "text":
                texts[-1].source = "\n".join(lines[source_start:i]).strip("\n")
                text = _text_directive(rest, number, problems)
                texts.append(text)
                blocks = text.blocks
                source_start = i + 1
                i += 1
            elif name in FENCES:
                if rest.strip():
                    problems.append(
                        Problem(number, len(name) + 2, f"@{name} stands alone on its line; its content follows")
                    )
                content: list[tuple[int, str]] = []
                j = i + 1
                while j < len(lines) and lines[j].strip() != "@end":
                    if lines[j].startswith("@"):
                        problems.append(
                            Problem(
                                first_line + j,
                                1,
                                f"no directive inside @{name}: close it with @end first, or write \\@",
                            )
                        )
                    elif lines[j].strip() and not lines[j].startswith("%%"):
                        content.append((first_line + j, lines[j]))
                    j += 1
                if j >= len(lines):
                    problems.append(Problem(number, 1, f"@{name} is never closed with @end"))
                blocks.append(_block(name, content, 0, problems, line=number))
                i = j + 1
            elif name == "end":
                problems.append(Problem(number, 1, "@end without an open @stamp, @opener or @closer"))
                i += 1
            elif name in LINE_DIRECTIVES or name == "fw":
                blocks.append(_line_directive(name, rest, number, problems))
                i += 1
            else:
                problems.append(Problem(number, 1, f"unknown directive '@{name}' (write \\@ for a literal @)"))
                i += 1
            continue
        if line.startswith("#") and not block_lines:
            match = re.match(r"^(#{1,3}) (.+)$", line)
            if match:
                level = len(match.group(1))
                offset = level + 2
                blocks.append(_block("head", [(number, match.group(2))], offset - 1, problems, level=level))
            else:
                problems.append(Problem(number, 1, "a heading reads '# Heading' (write \\# for a literal #)"))
            i += 1
            continue
        block_lines.append((number, line))
        i += 1
    close_paragraph()
    texts[-1].source = "\n".join(lines[source_start:]).strip("\n")
    undeclared: dict[str, list[tuple[int, int]]] = {}
    for text in texts:
        _plain_and_spans(text, problems, undeclared)
    return texts, undeclared


def _text_directive(rest: str, number: int, problems: list[Problem]) -> ParsedText:
    attrs = {}
    for token in rest.split():
        key, eq, value = token.partition("=")
        if not eq or key not in ("lang", "type"):
            problems.append(Problem(number, 1, f"@text takes lang=CODE and type=TYPE, not '{token}'"))
        else:
            attrs[key] = value
    lang, type_ = attrs.get("lang", ""), attrs.get("type", "translation")
    if not LANGUAGE.match(lang):
        problems.append(Problem(number, 1, "@text needs lang= with a BCP 47 language code"))
    if type_ not in TEXT_TYPES:
        problems.append(Problem(number, 1, f"@text type must be one of: {', '.join(TEXT_TYPES)}"))
    return ParsedText(lang=lang, type=type_, line=number)


def _line_directive(name: str, rest: str, number: int, problems: list[Problem]) -> Block:
    subtype = ""
    if name == "fw":
        match = re.match(r"^ ([a-z]+)\|", rest)
        if not match or match.group(1) not in FW_TYPES:
            problems.append(Problem(number, 1, f"@fw reads '@fw TYPE|text' with TYPE one of: {', '.join(FW_TYPES)}"))
            return Block("fw", number, [rest.partition("|")[2]], subtype="classification")
        subtype = match.group(1)
        content = rest[match.end() :]
        offset = 1 + len(name) + match.end()
    else:
        if not rest.startswith("|"):
            problems.append(Problem(number, len(name) + 2, f"@{name} reads '@{name}|text'"))
            return Block(name, number, [rest])
        content = rest[1:]
        offset = len(name) + 2
    block = _block(name, [(number, content)], offset, problems)
    block.subtype = subtype
    return block


def _block(
    kind: str, lines: list[tuple[int, str]], offset: int, problems: list[Problem], *, level=0, line=None
) -> Block:
    """Inline-parse the lines of a block; `offset` is how many columns precede the content."""
    where = Positions()
    for number, content in lines:
        where.add(number, offset, content)
    nodes = InlineParser("\n".join(content for _, content in lines), where, problems).parse()
    return Block(kind, line or (lines[0][0] if lines else 0), nodes, level=level)


def _holds_entity(nodes: list[Node]) -> bool:
    return any(
        isinstance(n, Mark) and (n.name == "entity" or any(_holds_entity(part) for part in n.parts)) for n in nodes
    )


def _plain_and_spans(text: ParsedText, problems: list[Problem], undeclared: dict) -> None:
    out: list[str] = []
    length = 0
    spans: list[Span] = []

    def emit(nodes: list[Node], in_note: bool) -> None:
        nonlocal length
        for node in nodes:
            if isinstance(node, str):
                if not in_note:
                    out.append(node)
                    length += len(node)
                continue
            walk(node, in_note)

    def walk(mark: Mark, in_note: bool) -> None:
        start = length
        if mark.name == "entity":
            if in_note:
                problems.append(Problem(mark.line, mark.column, "a note holds no entity marks"))
            else:
                undeclared.setdefault(mark.key, []).append((mark.line, mark.column))
        if mark.name == "note":
            for part in mark.parts:
                emit(part, True)
            return
        if mark.parts:
            emit(mark.parts[0], in_note)
        for part in mark.parts[1:]:
            if _holds_entity(part):
                problems.append(Problem(mark.line, mark.column, f"entity marks go in the first part of '{mark.name}'"))
        if not in_note:
            spans.append(
                Span(start, length, mark.name, key=mark.key, role=mark.attrs.get("role", ""),
                     attrs=dict(mark.attrs), line=mark.line, column=mark.column)
            )  # fmt: skip

    for index, block in enumerate(text.blocks):
        if index:
            out.append("\n\n")
            length += 2
        block.start = length
        emit(block.nodes, False)
        block.end = length
    text.plain = "".join(out)
    spans.sort(key=lambda s: (s.start, -s.end))
    text.spans = spans
