"""What the importer recovered from a raw page, and the annotated-text draft written from it.

Required keys the page does not state (title, date, type, lang) are written EMPTY (`type:`), so
the parser reports them as missing and the curator fills them in the preview; optional keys the
page does not state are left out. Notes say where each value came from (`note: title stated on
line 3, ...`) and what was left out; flags name what is missing or uncertain and are written as
`note: To check: ...` lines. Both travel with the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocab import FORMAT_LINE


@dataclass
class RawDraft:
    kind: str  # the style the page resembles: wilson, kcna, transcript or page (a label, it decides nothing)
    title: str = ""
    date: str = ""  # EDTF, with the precision the page gives ('XXXX-02-26' when the year is not stated)
    date_written: str = ""
    type: str = ""
    lang: str = ""
    lang_original: str = ""
    summary: str = ""
    classifications: list[str] = field(default_factory=list)
    source: str = ""
    source_url: str = ""
    rights: str = ""
    rights_notice: str = ""
    archive: str = ""  # the archive holding the original
    archive_citation: str = ""  # its reference ('AVPRF F. 0102 Op. 11 P. 65 D. 45')
    byline: str = ""
    retrieved: str = ""  # EDTF date the page was captured (never the document's date)
    provenance: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    supplied: dict[str, str] = field(default_factory=dict)  # header key -> why the draft, not the page, gives it
    notes: list[str] = field(default_factory=list)  # what the page says that no key holds
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
        lines = [f"title: {_one_line(self.title)}".rstrip(), f"date: {self.date}".rstrip()]
        lines += _optional("date.written", self.date_written)
        lines += [f"type: {self.type}".rstrip(), f"lang: {self.lang}".rstrip()]
        lines += _optional("lang.original", self.lang_original)
        lines += _optional("summary", self.summary)
        lines += [f"classification: {_one_line(mark)}" for mark in self.classifications if mark.strip()]
        lines += _optional("source", self.source)
        lines += _optional("source.url", self.source_url)
        lines += _optional("rights", self.rights)
        lines += _optional("rights.notice", self.rights_notice)
        for activity, pairs in self.provenance:
            values = " ; ".join(f"{key} = {_pair_value(value)}" for key, value in pairs.items() if value.strip())
            lines.append(f"provenance: {activity}" + (f" ; {values}" if values else ""))
        lines += [f"supplied: {key} ; note = {_pair_value(why)}" for key, why in self.supplied.items()]
        lines += [f"note: {_one_line(note)}" for note in self.notes if note.strip()]
        lines += [f"note: To check: {_one_line(flag)}" for flag in self.flags if flag.strip()]
        return lines

    def flag(self, message: str) -> None:
        if message not in self.flags:
            self.flags.append(message)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _optional(key: str, value: str) -> list[str]:
    value = _one_line(value)
    return [f"{key}: {value}"] if value else []


def _pair_value(value: str) -> str:
    """A provenance value: ';', '|' and '\\' stand for themselves only when escaped."""
    return _one_line(value).replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")
