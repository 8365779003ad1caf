"""Suggested entity marks: names of known entities found in the unmarked text of a body.

`suggest()` proposes marks, the curator accepts or rejects each, `apply()` writes the accepted
ones into the source. Pure Python, no Django.

Only unmarked text is searched: never inside a `{...}` mark, a directive's name, a comment, and
never across an escape or a `**`. A match covers whole words on one line, and the longest match
at a position wins (the Central Committee of the Workers' Party of Korea before the Workers'
Party of Korea). Names are compared three ways:

- abbreviations (no lower-case letter: WPK, KWP, C.C., WPK) exactly as written, case included;
- every other name word for word, ignoring case, spacing, hyphens and apostrophes ('variant');
- names of the kinds marked romanized in archive.kinds (persons, places) also by `romanization_key`
  ('romanization'), when the name has two or more tokens or a key of at least four letters (so that
  Yi alone does not find every I).

Korean writes particles onto the noun (김일성은), so a Hangul name of two or more syllables may be
followed directly by more Hangul.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate, pairwise

from archive.kinds import BY_PREFIX

from .inline import split_key
from .romanization import TOKEN, token_key
from .vocab import FORMAT_LINE

REASONS = ("abbreviation", "variant", "romanization")  # in order of preference
SHORTEST_SINGLE_KEY = 4
GAP = re.compile(r"[ \t\-'’‘ʼ.,]{0,4}")
NEWLINE = re.compile(r"(\r\n|\r|\n)")
FENCES = ("stamp", "opener", "closer")
LINE_DIRECTIVES = ("fw", "dateline", "byline", "signed")
MARKUP = set("{}|\\*")
MARKUP_RUN = re.compile(r"\\.?|\*\*|[{}]")


@dataclass(frozen=True)
class Suggestion:
    """A proposed entity mark over `length` characters from `line`:`column` (1-based) of the source."""

    line: int
    column: int
    length: int
    text: str  # the words as written
    key: str  # the entity key
    matched_name: str  # the name or variant that matched
    reason: str  # 'variant' | 'romanization' | 'abbreviation'


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


class _Index:
    """Names by their exact form, their word-for-word form and their romanization key, with the
    prefixes of each, so that a scan stops extending a span as soon as no name can start so."""

    def __init__(self, names: list[tuple[str, str]]):
        self.tables: dict[str, dict[str, list[tuple[str, str]]]] = {reason: defaultdict(list) for reason in REASONS}
        self.prefixes: dict[str, set[str]] = {reason: set() for reason in REASONS}
        for key, name in dict.fromkeys(names):
            words = TOKEN.findall(name)
            if not words:
                continue
            entry = (key, name)
            if name.isupper():  # an abbreviation: no lower-case letter
                self._add("abbreviation", entry, name, [name[: m.end()] for m in TOKEN.finditer(name)])
                continue
            literal = list(accumulate((word.casefold() for word in words), lambda a, b: f"{a} {b}"))
            self._add("variant", entry, literal[-1], literal)
            roman = "".join(token_key(word) for word in words)
            kind = BY_PREFIX.get(key.partition(":")[0])
            if kind and kind.romanized and (len(words) > 1 or len(roman) >= SHORTEST_SINGLE_KEY):
                self._add("romanization", entry, roman, [roman[:end] for end in range(1, len(roman) + 1)])

    def _add(self, reason: str, entry: tuple[str, str], form: str, prefixes: list[str]) -> None:
        self.tables[reason][form].append(entry)
        self.prefixes[reason].update(prefixes)


@dataclass
class _Segment:
    """A stretch of unmarked text on one line; `open_start`/`open_end` say whether its edges are
    word boundaries (a line's edge or an escape) rather than a mark a word may run into."""

    line: int
    column: int
    text: str
    open_start: bool
    open_end: bool


def suggest(source: str, names: list[tuple[str, str]]) -> list[Suggestion]:
    """Propose entity marks for the names in the unmarked text of a body or a whole AAT/1 file.

    `names` holds (entity key, name or variant) pairs. Several entities matching the same words
    give one suggestion each; the curator picks."""
    index = _Index(names)
    found: list[Suggestion] = []
    for segment in _segments(source):
        found.extend(_match_segment(segment, index))
    return found


def apply(source: str, accepted: list[Suggestion]) -> str:
    """Write the marks `{KEY|words}` of the accepted suggestions into the source."""
    ordered = sorted(accepted, key=lambda s: (s.line, s.column, s.length))
    for first, second in pairwise(ordered):
        if first.line == second.line and second.column < first.column + first.length:
            raise ValueError(f"the suggestions {_describe(first)} and {_describe(second)} overlap: accept one of them")
    pieces = NEWLINE.split(source)  # lines at even indexes, their line breaks at odd ones
    for suggestion in reversed(ordered):
        if not split_key(suggestion.key):
            raise ValueError(f"{_describe(suggestion)}: '{suggestion.key}' is not an entity key")
        if MARKUP & set(suggestion.text) or not suggestion.text.strip():
            raise ValueError(f"{_describe(suggestion)}: the words cannot be marked as they are")
        index = 2 * (suggestion.line - 1)
        line = pieces[index] if 0 <= index < len(pieces) else ""
        start = suggestion.column - 1
        end = start + suggestion.length
        if start < 0 or line[start:end] != suggestion.text:
            raise ValueError(f"{_describe(suggestion)}: the source no longer reads so there")
        pieces[index] = f"{line[:start]}{{{suggestion.key}|{suggestion.text}}}{line[end:]}"
    return "".join(pieces)


def _describe(suggestion: Suggestion) -> str:
    return f"'{suggestion.text}' as {suggestion.key} at {suggestion.line}:{suggestion.column}"


# --------------------------------------------------------------------------- unmarked text


def _segments(source: str) -> list[_Segment]:
    """The unmarked stretches of the body's text, following the parser's reading of lines."""
    lines = NEWLINE.split(source)[::2]
    first = 0
    if lines and lines[0].lstrip("\ufeff").strip() == FORMAT_LINE:
        first = next((i for i in range(1, len(lines)) if not lines[i].strip()), len(lines))
    segments: list[_Segment] = []
    depth = 0  # braces open in the current block
    fence = False
    paragraph = False
    for index in range(first, len(lines)):
        line, number = lines[index], index + 1
        if line.startswith("%%"):
            continue
        if fence:
            if line.strip() == "@end":
                fence, depth = False, 0
            elif not line.startswith("@"):
                depth = _scan(line, number, 1, depth, segments)
            continue
        if not line.strip():
            paragraph, depth = False, 0
            continue
        if line.startswith("@"):
            name = re.match(r"@([a-z]*)", line).group(1)
            fence = name in FENCES
            if name in LINE_DIRECTIVES and "|" in line:
                head = line.index("|") + 1
                _scan(line[head:], number, head + 1, 0, segments)
            continue
        heading = re.match(r"#{1,3} ", line)
        if heading and not paragraph:
            _scan(line[heading.end() :], number, heading.end() + 1, 0, segments)
            continue
        paragraph = True
        depth = _scan(line, number, 1, depth, segments)
    return segments


def _scan(text: str, number: int, column: int, depth: int, out: list[_Segment]) -> int:
    """Add the unmarked stretches of one line's content; return the braces still open.

    An escaped character is never part of a word. Bold (`**`) is transparent to words: the
    characters on its two sides decide whether a word runs through it. A word touching a
    brace runs into the mark (`{sup|Kuz}netsov`)."""
    position, open_start = 0, True
    for match in MARKUP_RUN.finditer(text):
        i, markup = match.start(), match.group()
        if markup.startswith("\\"):
            before = after = True
        elif markup == "**" and not depth:
            before = match.end() == len(text) or not _is_word(text[match.end()])
            after = i == 0 or not _is_word(text[i - 1])
        else:
            before = after = False
        if not depth and i > position:
            out.append(_Segment(number, column + position, text[position:i], open_start, before))
        if markup == "{":
            depth += 1
        elif markup == "}":
            depth = max(depth - 1, 0)
        position, open_start = match.end(), after
    if not depth and position < len(text):
        out.append(_Segment(number, column + position, text[position:], open_start, True))
    return depth


def _is_word(char: str) -> bool:
    return bool(TOKEN.match(char))


# --------------------------------------------------------------------------- matching


def _match_segment(segment: _Segment, index: _Index) -> list[Suggestion]:
    text = segment.text
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    found: list[Suggestion] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][2]
        could_start = (
            word in index.prefixes["abbreviation"]
            or word.casefold() in index.prefixes["variant"]
            or token_key(word) in index.prefixes["romanization"]
        )
        span = _longest(segment, tokens, i, index) if could_start and _starts_word(segment, tokens[i][0]) else None
        if span is None:
            i += 1
            continue
        last, end, entries = span
        start = tokens[i][0]
        for reason, (key, name) in entries:
            words = text[start:end]
            found.append(Suggestion(segment.line, segment.column + start, len(words), words, key, name, reason))
        i = last + 1
    return found


def _starts_word(segment: _Segment, start: int) -> bool:
    if start == 0:
        return segment.open_start
    return not _is_word(segment.text[start - 1])


def _ends_word(segment: _Segment, words: list[str], end: int) -> bool:
    text = segment.text
    if end == len(text):
        return segment.open_end
    if not _is_word(text[end]):
        return True
    return _is_hangul(text[end]) and len(words) > 1 and all(_is_hangul(word) for word in words)


def _longest(segment: _Segment, tokens: list[tuple[int, int, str]], first: int, index: _Index):
    """The longest name starting at token `first`: (last token, end offset, [(reason, entry)]).

    The span grows a token at a time while its form under some reason is a prefix of a name."""
    text = segment.text
    start = tokens[first][0]
    forms = dict.fromkeys(REASONS, "")
    alive = list(REASONS)
    best = None
    for last in range(first, len(tokens)):
        _, end, word = tokens[last]
        if last > first:
            gap = text[tokens[last - 1][1] : tokens[last][0]]
            if not GAP.fullmatch(gap):
                break
            if "," in gap:
                alive = [reason for reason in alive if reason == "abbreviation"]
        forms["abbreviation"] = text[start:end]
        forms["variant"] = f"{forms['variant']} {word.casefold()}" if last > first else word.casefold()
        forms["romanization"] += token_key(word)
        alive = [reason for reason in alive if forms[reason] in index.prefixes[reason]]
        if not alive:
            break
        if _ends_word(segment, [token[2] for token in tokens[first : last + 1]], end):
            entries = _entries(index, alive, forms)
            if entries:
                best = (last, end, entries)
        if "abbreviation" in alive and text.startswith(".", end):
            dotted = _entries(index, ["abbreviation"], {"abbreviation": text[start : end + 1]})
            if dotted:
                best = (last, end + 1, dotted)
    return best


def _entries(index: _Index, alive: list[str], forms: dict[str, str]) -> list[tuple[str, tuple[str, str]]]:
    """The entities the forms name, each once, with its best reason."""
    chosen: dict[str, tuple[str, tuple[str, str]]] = {}
    for reason in alive:
        for entry in index.tables[reason].get(forms[reason], ()):
            chosen.setdefault(entry[0], (reason, entry))
    return list(chosen.values())
