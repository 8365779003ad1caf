"""KCNA and KCNA Watch articles.

Layout: [capture date] [site labels] title ['Date: dd/mm/yyyy | Source: OUTLET | ...'] then the
article, opening with a dateline ('Pyongyang, June 19 (KCNA) --') or not, perhaps ending with a
byline, then page chrome ('Back to top button') and teaser lists ('More From ...').
A dateline gives month and day; the year only when the text states it.
"""

from __future__ import annotations

import re

from . import patterns as P
from .blocks import paragraph
from .brackets import convert
from .draft import RawDraft
from .when import MONTH_DAY_IN_TEXT, day_first, has_year, stated_years, to_edtf, with_year

AGENCIES = {"KCNA": "Korean Central News Agency (KCNA)"}
EDITION = re.compile(r"\s*\((?:En|Eng|English)\)$")
SUBHEADLINE = re.compile(r"\s(?=(?:The|A|An)\s+[A-Z])")
MINOR_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "and", "or", "by", "from"})
BYLINE_MAX_WORDS = 6


def parse(lines: list[str]) -> RawDraft:
    draft = RawDraft(kind="kcna")
    lines = _article_lines(lines, draft)
    date_line = next((i for i, line in enumerate(lines) if P.DATE_SOURCE.match(line)), None)
    if date_line is not None:
        title_at, body_from = date_line - 1, date_line + 1
    else:
        title_at = 0
        while title_at < len(lines) - 1 and _full_date(lines[title_at]):
            title_at += 1
        body_from = title_at + 1
    _preamble(lines[: max(title_at, 0)], draft)
    body = lines[body_from:]
    subheadline = _title(lines[title_at] if 0 <= title_at < len(lines) else "", draft)
    draft.type = P.document_type(draft.title)
    dateline = P.DATELINE.match(body[0]) if body else None
    if date_line is not None:
        _issue(P.DATE_SOURCE.match(lines[date_line]), draft)
    elif dateline:
        _dispatch(dateline, draft)
    else:
        _lead_date(body, draft)
    if draft.date and not has_year(draft.date):
        _year(body, draft)
    if draft.source:
        step = {"agent": draft.source, "date": draft.date if has_year(draft.date) else ""}
        draft.provenance.append(("published", step))
    else:
        draft.flag("The page does not name the outlet that published the article (source).")
    if draft.retrieved:
        agent = "KCNA Watch" if any("KCNA Watch" in line for line in lines[:title_at]) else ""
        draft.provenance.append(("retrieved", {"date": draft.retrieved, "agent": agent}))
    if not draft.type:
        draft.flag("The page does not state the document's type.")
    draft.blocks = _blocks(body, dateline, subheadline, draft)
    return draft


def _article_lines(lines: list[str], draft: RawDraft) -> list[str]:
    """Non-empty lines of the article: teaser lists and page chrome left out (and said so)."""
    lines = [line.strip() for line in lines if line.strip()]
    for index, line in enumerate(lines):
        if index and P.TEASERS.match(line):
            draft.notes.append(f"Left out as page clutter: everything from '{line}' on.")
            lines = lines[:index]
            break
    return [line for line in lines if not P.CHROME.match(line)]


def _full_date(line: str) -> bool:
    value = to_edtf(line)
    return bool(value) and has_year(value) and len(value) == 10


def _preamble(lines: list[str], draft: RawDraft) -> None:
    """Lines above the title: the capture date (kept as the retrieval date) and site labels."""
    for line in lines:
        if not draft.retrieved and _full_date(line):
            draft.retrieved = to_edtf(line) or ""
            draft.notes.append(
                f"The page's first line, '{line}', is the date the page was captured (the retrieved "
                "step), not the document's date."
            )
        else:
            draft.notes.append(f"Left out as page clutter: '{line}'.")


def _title(line: str, draft: RawDraft) -> str:
    """Set the title; return a sub-headline the page ran into the headline, if any."""
    draft.title = line
    if not line:
        draft.flag("The page states no title.")
    for match in SUBHEADLINE.finditer(line):
        head, rest = line[: match.start()], line[match.end() :]
        words = head.split()
        if len(words) >= 3 and words[-1].lower() not in MINOR_WORDS and len(rest.split()) >= 3:
            draft.title = head
            draft.flag(
                f"The first line seems to run a headline and a sub-headline together; the title is "
                f"'{head}' and the sub-headline '{rest}' opens the body."
            )
            return rest
    return ""


def _source(name: str) -> str:
    name = EDITION.sub("", name.strip())
    return AGENCIES.get(name, name)


def _issue(match: re.Match, draft: RawDraft) -> None:
    draft.date_written = match.group("date")
    draft.date = day_first(match.group("date")) or ""
    if not draft.date:
        draft.flag(f"The issue date '{match.group('date')}' is not a day/month/year date.")
    if match.group("source"):
        draft.source = _source(match.group("source"))


def _dispatch(match: re.Match, draft: RawDraft) -> None:
    draft.date_written = match.group("date")
    draft.date = to_edtf(match.group("date")) or ""
    draft.source = _source(match.group("agency"))


def _lead_date(body: list[str], draft: RawDraft) -> None:
    match = MONTH_DAY_IN_TEXT.search(body[0][:2000]) if body else None
    if not match:
        draft.flag("The page states no date: none is recorded.")
        return
    draft.date_written = match.group(0)
    draft.date = to_edtf(match.group(0)) or ""
    draft.flag(
        f"The page has no dateline or issue date; the date is the first one in the opening paragraph "
        f"('{match.group(0)}'): check that it is the document's date."
    )


def _year(body: list[str], draft: RawDraft) -> None:
    years = stated_years("\n".join(body))
    if len(years) == 1:
        year, words = next(iter(years.items()))
        draft.date = with_year(draft.date, year)
        draft.flag(f"The year {year} is not in the dateline; it is taken from the text ('{words}').")
    elif years:
        named = ", ".join(f"{year} ('{words}')" for year, words in sorted(years.items()))
        draft.flag(f"The year is not stated for the date; the text names several years ({named}): "
                   f"date recorded as {draft.date}.")  # fmt: skip
    else:
        draft.flag(f"The year is not stated: date recorded as {draft.date}.")


def _blocks(body: list[str], dateline, subheadline: str, draft: RawDraft) -> list[str]:
    blocks = [f"## {convert(subheadline)}"] if subheadline else []
    lines = list(body)
    if dateline:
        blocks.append(f"@dateline|{convert(dateline.group('dateline'))}")
        lines = [dateline.group("rest"), *lines[1:]] if dateline.group("rest") else lines[1:]
    byline_first = bool(lines) and P.BYLINE.match(lines[0])
    if byline_first:
        draft.byline = lines.pop(0)
        blocks.append(f"@byline|{convert(draft.byline)}")
    byline_last = not byline_first and len(lines) > 1 and _is_byline(lines[-1])
    if byline_last:
        draft.byline = lines.pop()
        draft.flag(f"The closing line '{draft.byline}' is taken for a byline.")
    blocks += [paragraph(line, draft.flags) for line in lines]
    if byline_last:
        blocks.append(f"@byline|{convert(draft.byline)}")
    return blocks


def _is_byline(line: str) -> bool:
    """A closing credit: a few capitalized words, no sentence punctuation."""
    words = line.split()
    return (
        0 < len(words) <= BYLINE_MAX_WORDS
        and line[-1] not in ".!?:;,\"'”’)"
        and words[0][0].isupper()
        and not any(char.isdigit() for char in line)
    )
