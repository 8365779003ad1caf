"""Bare archival transcripts, and pages of no recognized layout.

A transcript states marks (classification, copy), stamps, an archive reference and dated
signature blocks, but no title and no type; what it does not state stays empty and is flagged.
"""

from __future__ import annotations

from . import blocks
from .blocks import PLACE_AND_DATE
from .draft import RawDraft
from .when import has_year, to_edtf


def parse(lines: list[str], kind: str = "transcript") -> RawDraft:
    draft = RawDraft(kind=kind)
    body = blocks.build(lines)
    draft.blocks, draft.classifications = body.blocks, body.marks
    draft.flags.extend(body.flags)
    if kind == "unknown":
        draft.flag("The page's layout was not recognized: every line is kept as a paragraph or mark; check them.")
    draft.flag("The page states no title.")
    if body.citations:
        draft.archive_citation = body.citations[0]
        draft.archive = body.archives[0] if body.archives else ""
        draft.provenance.append(("held", {"agent": draft.archive, "citation": draft.archive_citation}))
    if body.datelines:
        written = body.datelines[0]
        match = PLACE_AND_DATE.match(written)
        draft.date_written = written
        draft.date = to_edtf(written) or (to_edtf(match.group("date")) if match else "") or ""
        draft.flag(f"The date is taken from the first dated line, '{written}': check that it dates the document.")
        if draft.date and not has_year(draft.date):
            draft.flag(f"The year is not stated: date recorded as {draft.date}.")
    else:
        draft.flag("The page states no date: none is recorded.")
    draft.flag("The page does not state the document's type.")
    return draft
