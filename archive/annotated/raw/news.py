"""What a news item adds around its text: an outlet's name, a headline run into a sub-headline,
the dateline that opens the text and a byline at either end."""

from __future__ import annotations

import re

from . import patterns as P
from .brackets import convert
from .draft import RawDraft

AGENCIES = {"KCNA": "Korean Central News Agency (KCNA)"}
EDITION = re.compile(r"\s*\((?:En|Eng|English)\)$")
SUBHEADLINE = re.compile(r"\s(?=(?:The|A|An)\s+[A-Z])")
MINOR_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "and", "or", "by", "from"})
BYLINE_MAX_WORDS = 6
DATELINE_WITHIN = 3  # a dateline opens the text, perhaps after a caption or credit line


def outlet(name: str) -> str:
    """'Rodong Sinmun (En)' -> 'Rodong Sinmun'; 'KCNA' -> its full name."""
    name = EDITION.sub("", name.strip())
    return AGENCIES.get(name, name)


def split_headline(draft: RawDraft) -> str:
    """Shorten the title to its headline when a sub-headline runs into it; return the sub-headline."""
    line = draft.title
    for match in SUBHEADLINE.finditer(line):
        head, rest = line[: match.start()], line[match.end() :]
        words = head.split()
        if len(words) >= 3 and words[-1].lower() not in MINOR_WORDS and len(rest.split()) >= 3:
            draft.title = head
            draft.flag(
                f"The title line seems to run a headline and a sub-headline together; the title is "
                f"'{head}' and the sub-headline '{rest}' opens the body."
            )
            return rest
    return ""


def opening(lines: list[str], draft: RawDraft) -> tuple[list[str], list[str], list[str], str]:
    """(lines before the dateline, blocks that open the item, the lines of the item, closing byline).

    A dateline opens the item, perhaps after a caption or credit line; a byline opens or closes it."""
    blocks: list[str] = []
    filled = [k for k, line in enumerate(lines) if line.strip()][:DATELINE_WITHIN]
    at = next((k for k in filled if P.DATELINE.match(lines[k].strip())), None)
    before, lines = (lines[:at], lines[at:]) if at is not None else ([], list(lines))
    if at is not None:
        dateline = P.DATELINE.match(lines[0].strip())
        blocks.append(f"@dateline|{convert(dateline.group('dateline'))}")
        lines = ([dateline.group("rest")] if dateline.group("rest") else []) + lines[1:]
        if not draft.source:
            draft.source = outlet(dateline.group("agency"))
    filled_lines = [line.strip() for line in lines if line.strip()]
    if filled_lines and P.BYLINE.match(filled_lines[0]):
        draft.byline = filled_lines[0]
        blocks.append(f"@byline|{convert(draft.byline)}")
        lines.remove(next(line for line in lines if line.strip() == filled_lines[0]))
        return before, blocks, lines, ""
    if len(filled_lines) > 1 and _is_byline(filled_lines[-1]):
        draft.byline = filled_lines[-1]
        draft.flag(f"The closing line '{draft.byline}' is taken for a byline.")
        last = max(k for k, line in enumerate(lines) if line.strip())
        return before, blocks, lines[:last], f"@byline|{convert(draft.byline)}"
    return before, blocks, lines, ""


def _is_byline(line: str) -> bool:
    """A closing credit: a few capitalized words, no sentence punctuation."""
    words = line.split()
    return (
        0 < len(words) <= BYLINE_MAX_WORDS
        and line[-1] not in ".!?:;,\"'”’)"
        and words[0][0].isupper()
        and not any(char.isdigit() for char in line)
    )
