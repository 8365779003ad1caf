"""What the importer recovered from a raw page, and the annotated-text draft written from it.

Required keys the page does not state (title, date, type, lang) are written EMPTY (`type:`), so
the parser reports them as missing and the curator fills them in the preview; optional keys the
page does not state are left out. Notes say where each value came from (`note: title stated on
line 3, ...`) and what was left out; flags name what is missing or uncertain and are written as
`note: To check: ...` lines. Both travel with the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..header import REQUIRED_KEYS
from ..model import Meta
from ..vocab import FORMAT_LINE
from ..writer import header_lines


@dataclass
class RawDraft(Meta):
    """The header values a page gives (the fields of Meta), with what the draft found besides."""

    kind: str = "page"  # the style the page resembles: wilson, kcna, transcript or page (a label, it decides nothing)
    status: str = ""  # a draft states no status: the curator chooses one on import
    archive: str = ""  # the archive holding the original
    archive_citation: str = ""  # its reference ('AVPRF F. 0102 Op. 11 P. 65 D. 45')
    byline: str = ""
    retrieved: str = ""  # EDTF date the page was captured (never the document's date)
    flags: list[str] = field(default_factory=list)  # what the page does not state, or states uncertainly
    blocks: list[str] = field(default_factory=list)  # the body, as AAT/1 blocks

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks)

    @property
    def text(self) -> str:
        """The complete AAT/1 draft: format line, header, blank line, body."""
        return "\n".join([FORMAT_LINE, *self.header_lines()]) + "\n\n" + self.body + "\n"

    def header_lines(self) -> list[str]:
        """The header as the writer writes it, a value a line: the required keys the page does not
        state left empty to be filled in, and each flag as a note `To check: ...`."""
        notes = [*self.notes, *(f"To check: {flag}" for flag in self.flags if flag.strip())]
        return header_lines(replace(self, notes=notes), keep_empty=REQUIRED_KEYS, wrap=False)

    def flag(self, message: str) -> None:
        if message not in self.flags:
            self.flags.append(message)
