"""Lines of a raw document body -> AAT/1 blocks: marks, stamps, datelines, headings, closers, paragraphs.

Each non-empty line is a block of its own (pages copied from the web put one paragraph on a
line), except a stamp, whose bracket may close several lines later, and a run of short lines
holding two or more signatures (a colophon), kept together as a closer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import patterns as P
from .brackets import convert
from .when import to_edtf

STAMP_MAX_LINES = 25
CLOSER_LINE_MAX = 70
HEADING_MAX_WORDS = 12
PROSE_MIN_WORDS = 12
PLACE_AND_DATE = re.compile(r"^(?P<place>[A-Z][\w.' -]{1,30}),\s+(?P<date>.{4,40})$")
BULLET = re.compile(r"^[-•*]\s+(?=\d{1,3}[.)]\s)")


@dataclass
class Body:
    blocks: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # classification and copy marks before the text begins
    citations: list[str] = field(default_factory=list)  # archive references
    archives: list[str] = field(default_factory=list)  # the archives those references name
    datelines: list[str] = field(default_factory=list)  # standalone dates, as written
    flags: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    kind: str  # line, stamp, closer
    lines: list[str]
    group: int  # units in one group stand on adjacent lines


def build(lines: list[str]) -> Body:
    body = Body()
    units = _closers(_units(lines))
    kinds = [_kind(unit) for unit in units]
    in_text = False
    for index, (unit, kind) in enumerate(zip(units, kinds, strict=True)):
        text = unit.lines[0] if unit.lines else ""
        if kind == "heading?":
            kind = "heading" if _prose_follows(units, kinds, index) else "p"
        if kind in ("classification", "copy") and not in_text:
            body.marks.append(text)
        if kind == "archive":
            match = P.archive_reference(text)
            body.citations.append(text)
            if match and match.group("archive"):
                body.archives.append(P.ARCHIVES[match.group("archive")])
        if kind == "dateline":
            body.datelines.append(text)
        if kind == "heading" or (kind == "p" and len(text.split()) >= PROSE_MIN_WORDS):
            in_text = True
        body.blocks.extend(_emit(unit, kind, body))
    return body


def _units(lines: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    group, i = 0, 0
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            group += 1
            i += 1
            continue
        if P.STAMP_START.match(line):
            stamp, remainder, i = _stamp(lines, i)
            units.append(_Unit("stamp", stamp, group))
            if remainder:
                units.append(_Unit("line", [remainder], group))
            continue
        for part in _split_trailing_mark(line):
            units.append(_Unit("line", [part], group))
        i += 1
    return units


def _stamp(lines: list[str], start: int) -> tuple[list[str], str, int]:
    """The stamp's lines (its bracket may close lines later), any text after it, and the next index."""
    depth, taken = 0, []
    for index in range(start, min(len(lines), start + STAMP_MAX_LINES * 2)):
        line = lines[index].strip()
        for position, char in enumerate(line):
            depth += {"[": 1, "]": -1}.get(char, 0)
            if depth == 0:
                taken.append(line[:position])
                return _stamp_content(taken), line[position + 1 :].strip(), index + 1
        taken.append(line)
    # Never closed: take the first line alone as the stamp.
    first = lines[start].strip()
    return _stamp_content([first]), "", start + 1


def _stamp_content(lines: list[str]) -> list[str]:
    lines = [P.STAMP_START.sub("", lines[0], count=1), *lines[1:]]
    return [line.strip() for line in lines if line.strip()]


def _split_trailing_mark(line: str) -> list[str]:
    """'Translation from Korean SECRET' -> ['Translation from Korean', 'SECRET']."""
    match = P.TRAILING_CLASSIFICATION.match(line)
    if match and len(line.split()) <= HEADING_MAX_WORDS and not _upper(match.group("lead")):
        return [match.group("lead"), match.group("mark")]
    return [line]


def _closers(units: list[_Unit]) -> list[_Unit]:
    """Runs of adjacent short lines holding two or more signatures become one closer."""
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        j = i
        while (
            j < len(units)
            and units[j].kind == "line"
            and units[j].group == units[i].group
            and len(units[j].lines[0]) <= CLOSER_LINE_MAX
            and not _upper(units[j].lines[0])
        ):
            j += 1
        run = units[i:j]
        if sum(1 for unit in run if P.SIGNATURE_BRACKET.search(unit.lines[0])) >= 2:
            out.append(_Unit("closer", [unit.lines[0] for unit in run], units[i].group))
        else:
            out.extend(run or units[i : i + 1])
        i = max(j, i + 1)
    return out


def _upper(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


def _kind(unit: _Unit) -> str:
    if unit.kind != "line":
        return unit.kind
    text = unit.lines[0]
    if not P.is_short(text):
        return "p"
    if P.CLASSIFICATION.match(text):
        return "classification"
    if P.COPY.match(text):
        return "copy"
    if P.NUMBER.match(text):
        return "number"
    if P.archive_reference(text) and len(text.split()) <= 20:
        return "archive"
    if P.SECTION_NUMBER.match(text):
        return "section"
    if _date_line(text):
        return "dateline"
    if P.SIGNATURE_BRACKET.search(text) and len(text) <= 80:
        return "signed"
    if _upper(text) and len(text.split()) <= HEADING_MAX_WORDS:
        return "heading?"
    return "p"


def _date_line(text: str) -> bool:
    if not re.search(rf"{P.MONTH}", text):
        return False
    if to_edtf(text):
        return True
    match = PLACE_AND_DATE.match(text)
    return bool(match and to_edtf(match.group("date")))


def _prose_follows(units: list[_Unit], kinds: list[str], index: int) -> bool:
    for unit, kind in zip(units[index + 1 :], kinds[index + 1 :], strict=True):
        if kind in ("dateline", "classification", "copy", "number", "archive", "section"):
            continue
        return kind == "p" and len(unit.lines[0].split()) >= PROSE_MIN_WORDS
    return False


def _emit(unit: _Unit, kind: str, body: Body) -> list[str]:
    text = unit.lines[0] if unit.lines else ""
    if kind == "stamp":
        if not unit.lines:
            return ["{gap|stamp}"]
        return ["@stamp\n" + "\n".join(convert(line) for line in unit.lines) + "\n@end"]
    if kind == "closer":
        return ["@closer\n" + "\n".join(convert(line) for line in unit.lines) + "\n@end"]
    if kind in ("classification", "copy", "number", "archive"):
        return [f"@fw {kind}|{convert(text)}"]
    if kind == "section":
        return [f"## {convert(text)}"]
    if kind == "heading":
        return [f"# {convert(text)}"]
    if kind == "dateline":
        return [f"@dateline|{convert(text)}"]
    if kind == "signed":
        return [f"@signed|{convert(text)}"]
    return [paragraph(BULLET.sub("", text), body.flags)]


def paragraph(text: str, flags: list[str]) -> str:
    """A raw line as an AAT paragraph; a line the format would read as a comment is flagged."""
    converted = convert(text)
    if converted.startswith("%%"):
        flags.append(f"A line begins with '%%', which the format reads as a comment: '{text[:60]}'")
    return converted
