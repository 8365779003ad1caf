"""Wilson Center Digital Archive record pages.

Layout: [summary] date title, the document, then a footer: a repeated summary and label lines
('Associated Places', 'Document Information', 'Source', 'Original Archive', 'Rights', ...), each
followed by its values (copies often keep the labels and lose the values).
"""

from __future__ import annotations

import difflib

from . import blocks
from . import patterns as P
from .draft import RawDraft
from .when import has_year, to_edtf

TOP_LINES = 4
FOOTER_MIN_LABELS = 3
REPEAT_SIMILARITY = 0.6
COMPARE_MAX_CHARS = 3000
PUBLISHERS = (
    ("History and Public Policy Program", "History and Public Policy Program Digital Archive"),
    ("Wilson Center", "Wilson Center Digital Archive"),
)


def footer_start(lines: list[str]) -> int | None:
    """Index of the footer's first label line: one followed by at least two more labels."""
    labels = [i for i, line in enumerate(lines) if line.strip().lower() in P.WILSON_LABEL_SET]
    for position, index in enumerate(labels):
        if len(labels) - position >= FOOTER_MIN_LABELS:
            return index
    return None


def parse(lines: list[str]) -> RawDraft:
    draft = RawDraft(kind="wilson")
    lines = [line.strip() for line in lines]
    end = footer_start(lines)
    end = len(lines) if end is None else end
    body_from = _top(lines[:end], draft)
    body_lines = _without_repeated_summary(lines[body_from:end], draft)
    _footer(lines[end:], draft)
    body = blocks.build(body_lines)
    draft.blocks, draft.classifications = body.blocks, body.marks
    draft.flags.extend(body.flags)
    if not draft.archive_citation and body.citations:
        draft.archive_citation = body.citations[0]
        draft.archive = draft.archive or (body.archives[0] if body.archives else "")
    if not draft.lang_original:
        found = (P.TRANSLATED_FROM.search(line) for line in body_lines[:10] if P.is_short(line))
        match = next(filter(None, found), None)
        draft.lang_original = P.LANGUAGES.get(match.group("language"), "") if match else ""
    _publisher("\n".join(lines[end:]), draft)
    if draft.archive or draft.archive_citation:
        draft.provenance.append(("held", {"agent": draft.archive, "citation": draft.archive_citation}))
    draft.type = P.document_type(draft.title)
    if not draft.type:
        draft.flag("The title does not state the document's type.")
    return draft


def _top(lines: list[str], draft: RawDraft) -> int:
    """Summary, date and title from the top lines; return where the document begins."""
    filled = [i for i, line in enumerate(lines) if line][:TOP_LINES]
    dated = next((k for k, i in enumerate(filled) if P.is_short(lines[i]) and to_edtf(lines[i])), None)
    if dated is None or dated + 1 >= len(filled):
        draft.flag("The page states no date above its title: none is recorded.")
        if not filled:
            draft.flag("The page states no title.")
            return len(lines)
        draft.title = lines[filled[0]]
        return filled[0] + 1
    draft.summary = " ".join(lines[i] for i in filled[:dated])
    draft.date_written = lines[filled[dated]]
    draft.date = to_edtf(draft.date_written) or ""
    if not has_year(draft.date):
        draft.flag(f"The year is not stated: date recorded as {draft.date}.")
    title_at = filled[dated + 1]
    draft.title = lines[title_at]
    return title_at + 1


def _without_repeated_summary(lines: list[str], draft: RawDraft) -> list[str]:
    filled = [i for i, line in enumerate(lines) if line]
    if not filled or not draft.summary:
        return lines
    last = lines[filled[-1]]
    comparable = len(last) <= COMPARE_MAX_CHARS and len(draft.summary) <= COMPARE_MAX_CHARS
    if comparable and difflib.SequenceMatcher(None, last.lower(), draft.summary.lower()).ratio() >= REPEAT_SIMILARITY:
        draft.notes.append(f"Left out: the page's footer repeats the summary ('{last[:80]}...').")
        return lines[: filled[-1]]
    return lines


def _footer(lines: list[str], draft: RawDraft) -> None:
    values: dict[str, list[str]] = {}
    label = ""
    for line in lines:
        if line.lower() in P.WILSON_LABEL_SET:
            label = line
            values.setdefault(label, [])
        elif line and label:
            values[label].append(line)
    for label, found in values.items():
        key, text = label.lower(), " ".join(found)
        if not found:
            continue
        if key == "rights":
            draft.rights_notice = text
            uri = P.RIGHTS_URI.search(text)
            draft.rights = uri.group(0) if uri else ""
        elif key == "original archive":
            draft.archive = text
        elif key == "source" and P.archive_reference(text):
            draft.archive_citation = text
        elif key == "original language" and text in P.LANGUAGES:
            draft.lang_original = P.LANGUAGES[text]
        elif key in P.WILSON_LIST_LABELS:
            draft.notes.append(f"The page lists under '{label}': {'; '.join(found)}.")
        else:
            draft.notes.append(f"The page's '{label}': {text}")
    if not draft.rights_notice:
        draft.flag("The page states no rights notice.")
    elif not draft.rights:
        draft.flag("The page gives the holder's rights notice but no rights statement URI: choose one (rights:).")


def _publisher(footer: str, draft: RawDraft) -> None:
    for phrase, name in PUBLISHERS:
        if phrase in footer:
            draft.source = name
            draft.provenance.append(("published", {"agent": name}))
            return
    draft.flag("The page does not name the archive that published it (source).")
