"""Raw pages (files as copied from the web) -> annotated-text (AAT/1) drafts for a curator to review.

`draft(text)` reads any page the same way: it cuts the page's clutter (navigation, banners,
teaser lists, a footer of labels), weighs the evidence of its head for the title and the date
(`evidence`), converts the translators' brackets of the text into editorial marks and writes the
draft. Every value says where it came from in a `note:` line; what the page does not state, or
states only weakly, stays empty and is noted. Pure Python, no Django.
"""

from __future__ import annotations

from ..model import ProvenanceDecl
from . import blocks, clutter, evidence, footer, news, page
from . import patterns as P
from .draft import RawDraft
from .when import has_year, with_year, years_just_before

__all__ = ["RawDraft", "draft", "draft_bytes"]

TRANSCRIPT_MIN_SIGNS = 2
NEWS_CHROME = frozenset({"back to top button", "read original version at source"})


def draft(text: str) -> RawDraft:
    """The annotated-text draft of a raw page; never raises on any text."""
    lines = page.lines(text)
    result = RawDraft(kind="page")
    cut = clutter.teaser_start(lines)
    if cut is not None:
        result.notes.append(
            f"Left out as page clutter: the list of other items from line {cut + 1} ('{lines[cut].strip()}') on."
        )
        lines = lines[:cut]
    end = footer.start(lines)
    if end is not None:
        result.kind = "wilson"
        footer.read(lines[end:], result)
        lines = lines[:end]
    head = evidence.read(lines)
    _head(head, lines, result)
    text_lines = (line for i, line in enumerate(lines) if i >= head.body_from and i not in head.used)
    body_lines = [line for line in text_lines if not clutter.is_chrome(line)]
    body_lines, fields = clutter.record_fields(body_lines)
    result.notes.extend(fields)
    body_lines = clutter.without_bare_labels(body_lines, P.FOOTER_LABEL_SET)
    body_lines = footer.without_repeated_summary(body_lines, result)
    _body(body_lines, head, result)
    if result.kind == "page":
        news_page = head.news or cut is not None or any(line.strip().lower() in NEWS_CHROME for line in lines)
        result.kind = "kcna" if news_page else _transcript_or_page(lines)
    if not result.blocks:
        result.flag("The page holds no text.")
    elif page.is_english("\n".join(lines)):
        result.lang = "en"
        result.supplied["lang"] = "inferred from the text (English)"
    else:
        result.flag("The text's language was not recognized as English: lang is left empty.")
    return result


def draft_bytes(data: bytes) -> RawDraft:
    """As draft(), for a file's bytes: UTF-8 expected; undecodable bytes are replaced and flagged."""
    try:
        text, bad = data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    result = draft(text)
    if bad:
        result.flag(f"The file is not valid UTF-8: {bad} undecodable byte sequence(s) were replaced by '\ufffd'.")
    return result


def _head(head: evidence.Head, lines: list[str], result: RawDraft) -> None:
    result.title, result.date, result.date_written = head.title, head.date, head.date_written
    result.summary, result.retrieved = head.summary, head.retrieved
    result.notes.extend(head.notes)
    result.flags.extend(head.flags)
    if head.source:
        result.source = news.outlet(head.source)
    if not result.title:
        result.flag("The page states no title.")
    if not result.date:
        result.flag("The page states no date: none is recorded.")
    left = [line.strip() for i, line in enumerate(lines[: head.body_from]) if line.strip() and i not in head.used
            and not clutter.is_chrome(line) and line.strip() not in head.summary]  # fmt: skip
    if left:
        result.notes.append("Left out above the text: " + "; ".join(f"'{line[:80]}'" for line in left) + ".")


def _body(lines: list[str], head: evidence.Head, result: RawDraft) -> None:
    subheadline = news.split_headline(result) if result.title else ""
    before, opening, item, closing = ([], [], lines, "")
    if head.news or _dateline_first(lines):
        before, opening, item, closing = news.opening(lines, result)
    body = blocks.build(item)
    result.blocks = [f"## {blocks.convert(subheadline)}"] if subheadline else []
    result.blocks += blocks.build(before).blocks + opening + body.blocks + ([closing] if closing else [])
    result.classifications = body.marks
    result.flags.extend(body.flags)
    if body.citations:
        result.archive_citation = result.archive_citation or body.citations[0]
        result.archive = result.archive or (body.archives[0] if body.archives else "")
    if not result.lang_original:
        found = (P.TRANSLATED_FROM.search(line) for line in lines[:20] if P.is_short(line))
        match = next(filter(None, found), None)
        result.lang_original = P.LANGUAGES.get(match.group("language"), "") if match else ""
    if result.date and not has_year(result.date) and head.date_says in ("dateline", "first sentence"):
        _year("\n".join(lines), result)
    elif result.date and not has_year(result.date):
        result.flag(f"The year is not stated: date recorded as {result.date}.")
    if result.source and not any(step.activity == "published" for step in result.provenance):
        result.provenance.append(
            ProvenanceDecl("published", agent=result.source, date=result.date if has_year(result.date) else "")
        )
    if result.retrieved:
        result.provenance.append(ProvenanceDecl("retrieved", date=result.retrieved))
    if result.archive or result.archive_citation:
        result.provenance.append(ProvenanceDecl("held", agent=result.archive, citation=result.archive_citation))
    if not result.source and result.kind != "wilson":
        result.flag("The page does not name the outlet or archive that published it (source).")
    result.type = P.document_type(result.title)
    if not result.type:
        result.flag("The page does not state the document's type.")


def _year(text: str, result: RawDraft) -> None:
    """A year for a date stated without one, only when the text dates the days just before it."""
    years = years_just_before(text, result.date)
    if len(years) == 1:
        year, words = next(iter(years.items()))
        result.date = with_year(result.date, year)
        result.supplied["date"] = f"the year {year} is taken from the text ('{words}'), which dates the days before"
        result.flag(f"The year {year} is not in the dateline; it is taken from the text ('{words}').")
    elif years:
        named = ", ".join(f"{year} ('{words}')" for year, words in sorted(years.items()))
        result.flag(f"The year is not stated for the date; the text names several years ({named}): "
                    f"date recorded as {result.date}.")  # fmt: skip
    else:
        result.flag(f"The year is not stated: date recorded as {result.date}.")


def _dateline_first(lines: list[str]) -> bool:
    filled = [line.strip() for line in lines if line.strip()][: news.DATELINE_WITHIN]
    return any(P.DATELINE.match(line) for line in filled)


def _transcript_or_page(lines: list[str]) -> str:
    """'transcript' when the text shows an archive's marks (a reference, a stamp, signatures)."""
    short = [line.strip() for line in lines if line.strip() and P.is_short(line)]
    if any(P.archive_reference(line) or P.STAMP_START.match(line) for line in short):
        return "transcript"
    signs = sum(
        1 for line in short if P.CLASSIFICATION.match(line) or P.COPY.match(line) or P.SIGNATURE_BRACKET.search(line)
    )
    return "transcript" if signs >= TRANSCRIPT_MIN_SIGNS else "page"
