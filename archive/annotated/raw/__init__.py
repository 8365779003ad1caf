"""Raw pages (files as copied from the web) -> annotated-text (AAT/1) drafts for a curator to review.

`recognize(text)` names the page's layout by its structure: 'wilson' (a Wilson Center Digital
Archive record page: footer labels), 'kcna' (KCNA and KCNA Watch articles: datelines, the
'Date: dd/mm/yyyy | Source: ...' line, page chrome, teaser lists), 'transcript' (archive
references, stamps, classification marks, signatures) or 'unknown'. `draft(text)` recovers what
the page states, strips its clutter, converts the translators' brackets into editorial marks and
writes the draft; it never invents a value: what the page does not state stays empty and flagged.
Pure Python, no Django.
"""

from __future__ import annotations

from . import kcna, page, transcript, wilson
from . import patterns as P
from .draft import RawDraft

__all__ = ["RawDraft", "draft", "draft_bytes", "recognize"]

KCNA_CHROME = frozenset({"back to top button", "read original version at source"})
TRANSCRIPT_MIN_SIGNS = 2


def recognize(text: str) -> str:
    """'wilson', 'kcna', 'transcript' or 'unknown'."""
    return _recognize(page.lines(text))


def draft(text: str) -> RawDraft:
    """The annotated-text draft of a raw page; never raises on any text."""
    lines = page.lines(text)
    kind = _recognize(lines)
    if kind == "wilson":
        result = wilson.parse(lines)
    elif kind == "kcna":
        result = kcna.parse(lines)
    else:
        result = transcript.parse(lines, kind)
    if not result.blocks:
        result.flag("The page holds no text.")
    elif page.is_english("\n".join(lines)):
        result.lang = "en"
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


def _recognize(lines: list[str]) -> str:
    filled = [line.strip() for line in lines if line.strip()]
    if wilson.footer_start(filled) is not None:
        return "wilson"
    short = [line for line in filled if P.is_short(line)]
    if any(P.DATELINE.match(line) for line in filled) or any(
        P.DATE_SOURCE.match(line) or line.lower() in KCNA_CHROME or P.TEASERS.match(line) for line in short
    ):
        return "kcna"
    if any(P.archive_reference(line) or P.STAMP_START.match(line) for line in short):
        return "transcript"
    signs = sum(
        1 for line in short if P.CLASSIFICATION.match(line) or P.COPY.match(line) or P.SIGNATURE_BRACKET.search(line)
    )
    return "transcript" if signs >= TRANSCRIPT_MIN_SIGNS else "unknown"
