"""Inline marks of one block: braces, attributes, parts, bold and escapes."""

from __future__ import annotations

import re
from bisect import bisect_right

from archive.kinds import BY_PREFIX

from . import dates
from .model import Mark, Node, Problem
from .vocab import ADD_PLACES, ROLES

ESCAPABLE = set("{}|*\\@#;")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SPECIAL = re.compile(r"[\\{}|*]")  # the characters the inline parser acts on; the rest is copied in runs
MAX_NESTING = 20  # marks inside marks; deeper is refused (and would exhaust the stack)

# name -> (fewest parts, most parts, allowed attributes)
MARKS = {
    "sup": (1, 1, {"reason"}),
    "unc": (1, 1, {"reason"}),
    "gap": (0, 1, {"reason", "unit", "extent"}),
    "sig": (0, 0, {"reason"}),
    "add": (1, 1, {"place", "hand"}),
    "del": (1, 1, {"rend"}),
    "note": (1, 1, set()),
    "sic": (2, 2, set()),
    "reg": (2, 2, set()),
    "abbr": (2, 2, set()),
}
ATTRIBUTE_VALUES = {"role": ROLES, "place": ADD_PLACES}


def split_key(key: str) -> tuple[str, str] | None:
    """'p:kim-il-sung' -> ('person', 'kim-il-sung'); None if the key is malformed."""
    prefix, _, slug = key.partition(":")
    if prefix not in BY_PREFIX or not SLUG.match(slug):
        return None
    return BY_PREFIX[prefix].name, slug


class Positions:
    """Where each character of a block's text stands in the file: the block's lines joined by '\\n'.

    Kept per line, not per character, so a 2 MB block costs a few lists; a position is looked up
    (by bisection) only for a mark or a problem. The '\\n' between two lines stands at column 0 of
    the line before the second."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # index in the text where each line's content starts
        self.lines: list[int] = []  # its line number in the file
        self.offsets: list[int] = []  # the columns that precede the content on that line
        self.length = 0

    def add(self, number: int, offset: int, content: str) -> None:
        if self.starts:
            self.length += 1  # the '\\n' joining it to the line before
        self.starts.append(self.length)
        self.lines.append(number)
        self.offsets.append(offset)
        self.length += len(content)

    def at(self, index: int) -> tuple[int, int]:
        """(line, column) of the character at index; past the end, of the last character."""
        if self.length == 0:
            return 0, 0
        index = max(0, min(index, self.length - 1))
        row = bisect_right(self.starts, index) - 1
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else self.length
        if index < end:
            return self.lines[row], self.offsets[row] + index - self.starts[row] + 1
        return self.lines[row + 1] - 1, 0


class InlineParser:
    """Parses the text of one block. `where` says where each character index stands (line, column)."""

    def __init__(self, text: str, where: Positions, problems: list[Problem]):
        self.text = text
        self.where = where
        self.problems = problems
        self.depth = 0  # marks open around the current position
        self.too_deep = False

    def error(self, index: int, message: str) -> None:
        line, column = self.where.at(index)
        self.problems.append(Problem(line, column, message))

    def parse(self) -> list[Node]:
        nodes, _, _ = self._sequence(0, in_mark=False, in_bold=False)
        return nodes

    def _sequence(self, i: int, *, in_mark: bool, in_bold: bool) -> tuple[list[Node], int, str]:
        """Parse until the end, or a '|', '}' (in a mark) or closing '**' (in bold).

        Returns the nodes, the index after a consumed '**' or at a '|'/'}', and the terminator."""
        text, n = self.text, len(self.text)
        nodes: list[Node] = []
        buf: list[str] = []

        def flush() -> None:
            if buf:
                nodes.append("".join(buf))
                buf.clear()

        while i < n:
            special = SPECIAL.search(text, i)
            if special is None:
                buf.append(text[i:])
                i = n
                break
            if special.start() > i:
                buf.append(text[i : special.start()])
                i = special.start()
            char = text[i]
            if char == "\\":
                if i + 1 < n and text[i + 1] in ESCAPABLE:
                    buf.append(text[i + 1])
                    i += 2
                else:
                    self.error(i, "unknown escape: write \\\\ for a backslash")
                    i += 1
                continue
            if char == "{":
                flush()
                mark, i = self._mark(i)
                if mark is not None:
                    nodes.append(mark)
                continue
            if char == "}":
                if in_mark:
                    flush()
                    return nodes, i, "}"
                self.error(i, "stray '}' with no open '{' (write \\} for a brace)")
                i += 1
                continue
            if char == "|" and in_mark:
                flush()
                return nodes, i, "|"
            if text.startswith("**", i):
                flush()
                if in_bold:
                    return nodes, i + 2, "**"
                start = i
                inner, i, term = self._sequence(i + 2, in_mark=in_mark, in_bold=True)
                line, column = self.where.at(start)
                nodes.append(Mark("hi", line, column, parts=[inner]))
                if term != "**":
                    if not self.too_deep:
                        self.error(start, "unbalanced '**': bold opened here is not closed")
                    return nodes, i, term
                continue
            buf.append(char)
            i += 1
        flush()
        return nodes, i, ""

    def _mark(self, start: int) -> tuple[Mark | None, int]:
        text, n = self.text, len(self.text)
        j = start + 1
        while j < n and text[j] not in "|}{\n":
            j += 1
        if j >= n:
            self.error(start, "unclosed '{': the mark opened here is never closed")
            return None, n
        if text[j] in "{\n":
            self.error(start, "malformed mark: a mark's name and attributes must be followed by '|' or '}'")
            return None, j
        if self.depth >= MAX_NESTING:
            self.error(start, f"marks are nested more than {MAX_NESTING} deep here: close some first")
            self.too_deep = True
            return None, n
        tokens = text[start + 1 : j].split()
        line, column = self.where.at(start)
        if not tokens:
            self.error(start, "empty mark '{}' (write \\{ for a brace)")
            mark = Mark("unknown", line, column)
        else:
            mark = self._head(start, tokens, line, column)
        # Parts
        if text[j] == "|":
            while True:
                self.depth += 1
                inner, j, term = self._sequence(j + 1, in_mark=True, in_bold=False)
                self.depth -= 1
                mark.parts.append(inner)
                if term == "|":
                    continue
                if term == "}":
                    j += 1
                    break
                if not self.too_deep:  # the mark nested too deep was reported; its enclosing ones are not
                    self.error(start, "unclosed '{': the mark opened here is never closed in its block")
                return None, n
        else:
            j += 1
        self._check_parts(start, mark)
        return (mark if mark.name != "unknown" else None), j

    def _head(self, start: int, tokens: list[str], line: int, column: int) -> Mark:
        name, attr_tokens = tokens[0], tokens[1:]
        if ":" in name:
            prefix, _, value = name.partition(":")
            if prefix == "d":
                try:
                    dates.validate(value)
                except dates.DateError as exc:
                    self.error(start, str(exc))
                mark = Mark("date", line, column, key=value)
                allowed: set[str] = set()
            elif prefix in BY_PREFIX:
                if not SLUG.match(value):
                    self.error(
                        start,
                        f"malformed entity key '{name}': use lower-case letters, digits and hyphens",
                    )
                mark = Mark("entity", line, column, key=name)
                allowed = {"role"}
            else:
                self.error(start, f"unknown mark '{name}' (entity prefixes: p, o, pl, ev, t; dates: d)")
                return Mark("unknown", line, column)
        elif name in MARKS:
            mark = Mark(name, line, column)
            allowed = MARKS[name][2]
        else:
            self.error(start, f"unknown mark '{name}'")
            return Mark("unknown", line, column)
        for token in attr_tokens:
            key, eq, value = token.partition("=")
            if not eq or not value:
                self.error(start, f"malformed attribute '{token}': write key=value")
            elif key not in allowed:
                self.error(start, f"the mark '{name}' takes no attribute '{key}'")
            elif key in ATTRIBUTE_VALUES and value not in ATTRIBUTE_VALUES[key]:
                choices = ", ".join(ATTRIBUTE_VALUES[key])
                self.error(start, f"{key}={value} is not one of: {choices}")
            else:
                mark.attrs[key] = value
        return mark

    def _check_parts(self, start: int, mark: Mark) -> None:
        if mark.name in ("entity", "date", "hi"):
            fewest, most = 1, 1
        elif mark.name in MARKS:
            fewest, most = MARKS[mark.name][:2]
        else:
            return
        count = len(mark.parts)
        if not fewest <= count <= most:
            want = str(fewest) if fewest == most else f"{fewest} to {most}"
            label = mark.key or mark.name
            self.error(start, f"the mark '{label}' takes {want} '|' part(s), found {count}")
