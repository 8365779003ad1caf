"""A record page's footer: label lines ('Associated Places', 'Source', 'Rights', ...), each followed
by its values, which copies often lose. Its rights notice, archive and reference are read; labels
without values are left out; other values become notes. The footer also names the publisher.
"""

from __future__ import annotations

import difflib

from ..model import ProvenanceDecl
from . import patterns as P
from .draft import RawDraft

FOOTER_MIN_LABELS = 3
REPEAT_SIMILARITY = 0.6
COMPARE_MAX_CHARS = 3000
PUBLISHERS = (
    ("History and Public Policy Program", "History and Public Policy Program Digital Archive"),
    ("Wilson Center", "Wilson Center Digital Archive"),
)


def start(lines: list[str]) -> int | None:
    """Index of the footer's first label line: one followed by at least two more labels."""
    labels = [i for i, line in enumerate(lines) if line.strip().lower() in P.FOOTER_LABEL_SET]
    for position, index in enumerate(labels):
        if len(labels) - position >= FOOTER_MIN_LABELS:
            return index
    return None


def read(lines: list[str], draft: RawDraft) -> None:
    values: dict[str, list[str]] = {}
    label = ""
    for line in (line.strip() for line in lines):
        if line.lower() in P.FOOTER_LABEL_SET:
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
        elif key in P.FOOTER_LIST_LABELS:
            draft.notes.append(f"The page lists under '{label}': {'; '.join(found)}.")
        else:
            draft.notes.append(f"The page's '{label}': {text}")
    if not draft.rights_notice:
        draft.flag("The page states no rights notice.")
    elif not draft.rights:
        draft.flag("The page gives the holder's rights notice but no rights statement URI: choose one (rights:).")
    footer = "\n".join(lines)
    for phrase, name in PUBLISHERS:
        if phrase in footer:
            draft.source = name
            draft.provenance.append(ProvenanceDecl("published", agent=name))
            return
    draft.flag("The page does not name the archive that published it (source).")


def without_repeated_summary(lines: list[str], draft: RawDraft) -> list[str]:
    """The text without its last line when that line repeats the summary."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled or not draft.summary:
        return lines
    last = lines[filled[-1]].strip()
    comparable = len(last) <= COMPARE_MAX_CHARS and len(draft.summary) <= COMPARE_MAX_CHARS
    if comparable and difflib.SequenceMatcher(None, last.lower(), draft.summary.lower()).ratio() >= REPEAT_SIMILARITY:
        draft.notes.append(f"Left out: the page's footer repeats the summary ('{last[:80]}...').")
        return lines[: filled[-1]]
    return lines
