"""The edition's conventions, shown on the conventions page with examples rendered as the reading page renders them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.safestring import SafeString, mark_safe

from .annotated import parse_body
from .annotated.render import render_text
from .annotated.vocab import RIGHTS_STATEMENTS


@dataclass(frozen=True)
class Convention:
    anchor: str
    name: str
    source: str  # the mark as written in an annotated-text file
    meaning: str
    hidden: str  # what the reader sees with editorial marks switched off

    @property
    def example(self) -> SafeString:
        return _render(self.source, f"{self.anchor}-")


MARKS = (
    Convention(
        "supplied",
        "Supplied words",
        "the {sup|Korean} delegation",
        "Words the translator or editor added so the sentence reads; they are not in the original.",
        "the words stay, without brackets",
    ),
    Convention(
        "reconstructed",
        "Reconstructed letters",
        "Comrade {sup reason=illegible|Kuz}netsov",
        "Letters the editor restored where the original is illegible, in double brackets.",
        "the letters stay, without brackets",
    ),
    Convention(
        "unclear",
        "Unclear reading",
        "the {unc|Kansen} district",
        "A reading the editor is not sure of, in italics.",
        "the words stay, upright",
    ),
    Convention(
        "gap",
        "Gap",
        "{gap reason=illegible|the remainder is illegible}",
        "Something in the original that was not transcribed; the reason is given where known.",
        "hidden",
    ),
    Convention(
        "addition",
        "Handwritten addition",
        "{add place=margin|Mao Zedong}",
        "Words written by hand on the document (in the margin, above or below the line), labelled “handwriting”.",
        "the words stay, still labelled “handwriting:” so they never read as typed text",
    ),
    Convention(
        "deletion",
        "Deletion",
        "the {del|first} second plan",
        "Words struck out in the original, shown struck through.",
        "hidden",
    ),
    Convention(
        "correction",
        "As written and corrected",
        "{sic|contrades|comrades}",
        "The original's wording followed by the editor's correction, regularized spelling or expanded "
        "abbreviation in brackets.",
        "only the original's wording stays",
    ),
    Convention(
        "note",
        "Editor's note",
        "the Plenum{note|Held on 30–31 August 1956.}",
        "A numbered note, printed at the end of the text; its number links there and back.",
        "the note stays",
    ),
    Convention(
        "signature",
        "Signature",
        "{sig}",
        "A signature on the original, not transcribed (“illegible signature” when it cannot be read).",
        "hidden",
    ),
)

BLOCKS = (
    Convention(
        "stamp",
        "Stamp",
        "@stamp\nRECEIVED\n12 September 1956\n@end",
        "A stamp on the original, boxed as it appears.",
        "the stamp stays",
    ),
    Convention(
        "classification",
        "Classification and copy marks",
        "@fw classification|SECRET",
        "A classification or copy mark printed on the original, set apart at the right; "
        "the record lists it under “Classification”.",
        "the mark stays",
    ),
)


def rights_statements() -> list[tuple[str, str, str]]:
    """(code, label, URI) of every rights statement a document may carry."""
    return [(code, label, uri) for uri, (code, label) in RIGHTS_STATEMENTS.items()]


@cache
def _render(source: str, prefix: str) -> SafeString:
    parsed = parse_body(source, lang="en")
    if not parsed.ok:
        raise ValueError(f"conventions example {source!r}: {[p.format() for p in parsed.errors]}")
    html = render_text(parsed.texts[0], lambda key: None, anchor_prefix=prefix)
    return mark_safe(html)  # the renderer escapes every character of the source
