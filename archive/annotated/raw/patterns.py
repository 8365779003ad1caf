"""Structures a page's lines may show: footer labels, marks, archive references, datelines, bylines.

Patterns describe forms (a footer label, a 'Date: dd/mm/yyyy | Source: ...' line, a fonds/opis
reference), never the sentences of particular documents; they are evidence, none decides what a
page is. Lines longer than SHORT are never taken for a mark or a label.
"""

from __future__ import annotations

import re

from .when import MONTH

SHORT = 160

# Record pages (the Wilson Center Digital Archive and its mirrors): footer labels, each on its own line.
FOOTER_LABELS = (
    "Associated People & Organizations", "Associated People", "Associated Organizations",
    "Associated Places", "Associated Topics", "Associated Events", "Subjects Discussed",
    "Document Information", "Source", "Original Archive", "Original Language", "Rights",
    "Record ID", "Related Documents", "Related Content", "Translated by", "Contributed by",
    "Citation", "Funders", "Document Type", "Keywords",
)  # fmt: skip
FOOTER_LABEL_SET = {label.lower() for label in FOOTER_LABELS}
FOOTER_LIST_LABELS = {
    "associated people & organizations", "associated people", "associated organizations",
    "associated places", "associated topics", "associated events", "subjects discussed", "keywords",
}  # fmt: skip

# News items: a dateline opens the text; an issue-date line states the day of the issue.
DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>[A-Z][A-Za-z'. -]{{1,40}}),\s+(?P<date>{MONTH}\s+\d{{1,2}})"
    r"\s+\((?P<agency>[A-Za-z][A-Za-z .-]{0,30})\)\s*(?:--|—|–|-)(?=\s|$))\s*(?P<rest>.*)$"
)
DATE_SOURCE = re.compile(
    r"^Date:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*(?:\|\s*Source:\s*(?P<source>[^|]+?))?\s*(?:\|.*)?$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^By\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,5}$")

# Archival transcripts.
ARCHIVES = {
    "AVPRF": "Archive of Foreign Policy of the Russian Federation (AVPRF)",
    "AVP RF": "Archive of Foreign Policy of the Russian Federation (AVPRF)",
    "RGASPI": "Russian State Archive of Socio-Political History (RGASPI)",
    "RGANI": "Russian State Archive of Contemporary History (RGANI)",
    "GARF": "State Archive of the Russian Federation (GARF)",
    "APRF": "Archive of the President of the Russian Federation (APRF)",
    "TsAMO": "Central Archive of the Ministry of Defense of the Russian Federation (TsAMO)",
    "RGAE": "Russian State Archive of the Economy (RGAE)",
    "RGVA": "Russian State Military Archive (RGVA)",
    "TsKhSD": "Center for the Storage of Contemporary Documentation (TsKhSD)",
}
_ARCHIVE_NAMES = "|".join(re.escape(name) for name in sorted(ARCHIVES, key=len, reverse=True))
_FOND = r"(?:[Ff]\.|[Ff]ond|[Ff]onds)\s*[0-9][\w/-]*"
_OPIS = r"(?:[Oo]p\.|[Oo]pis)\s*[0-9][\w/-]*"
ARCHIVE_REFERENCE = re.compile(rf"\b(?P<archive>{_ARCHIVE_NAMES}),?\s+(?:{_FOND}|{_OPIS}|[0-9])|{_FOND},?\s+{_OPIS}")
CLASSIFICATION = re.compile(
    r"^(?:(?:Top|Strictly|Absolutely)\s+)?(?:Secret|Confidential|Classified|Restricted)"
    r"(?:\s+(?:N[ºo°]\.?|No\.?|Number|#)\s*(?:[\w/-]+|_+)?)?$"
    r"|^For official use only$|^(?:TOP SECRET|STRICTLY SECRET|SECRET|CONFIDENTIAL)$",
    re.IGNORECASE,
)
TRAILING_CLASSIFICATION = re.compile(r"^(?P<lead>\S.{0,80}?)\s+(?P<mark>(?:TOP |STRICTLY )?SECRET|CONFIDENTIAL)$")
COPY = re.compile(r"^(?:Copy|Duplicate)(?:\s+(?:N[ºo°]\.?|No\.?|#)\s*[\w/-]+)?$|^(?:\d+(?:st|nd|rd|th)|Only) copy$",
                  re.IGNORECASE)  # fmt: skip
NUMBER = re.compile(r"^(?:N[ºo°]\.?|No\.|#)\s*[0-9][\w/-]*$")
STAMP_START = re.compile(r"^\[\s*(?:Stamp|Seal|Rubber stamp)\s*:", re.IGNORECASE)
SIGNATURE_BRACKET = re.compile(r"\[(?:illegible signature|signature illegible|signature|signed)\]", re.IGNORECASE)
SECTION_NUMBER = re.compile(r"^(?:[IVXL]{1,6}|\d{1,2}|[A-Z])\.$")
TRANSLATED_FROM = re.compile(r"\bTranslat(?:ion|ed) from (?:the )?(?P<language>[A-Z][a-z]+)\b")
LANGUAGES = {
    "Korean": "ko", "Russian": "ru", "Chinese": "zh", "Japanese": "ja", "German": "de", "French": "fr",
    "Polish": "pl", "Czech": "cs", "Hungarian": "hu", "Romanian": "ro", "Bulgarian": "bg",
    "Mongolian": "mn", "Albanian": "sq", "Vietnamese": "vi", "Spanish": "es", "English": "en",
    "Italian": "it", "Serbian": "sr", "Ukrainian": "uk",
}  # fmt: skip
# A title that begins with one of these states the document's type.
TYPE_WORDS = {
    "decision": "decision", "decisions": "decision", "memorandum": "memorandum", "memo": "memorandum",
    "report": "report", "letter": "letter", "telegram": "telegram", "cable": "telegram",
    "resolution": "resolution", "minutes": "minutes", "speech": "speech", "instructions": "instructions",
    "instruction": "instructions", "directive": "instructions",
}  # fmt: skip
TITLE_TYPE = re.compile(r"^(?:Draft\s+)?(?P<word>[A-Za-z]+)\b")
RIGHTS_URI = re.compile(
    r"https?://(?:rightsstatements\.org/vocab|creativecommons\.org/(?:licenses|publicdomain))/[\w./-]+"
)


def is_short(line: str) -> bool:
    return len(line) <= SHORT


def archive_reference(line: str) -> re.Match | None:
    return ARCHIVE_REFERENCE.search(line) if is_short(line) else None


def document_type(title: str) -> str:
    """The type a title states by its first word ('Report on ...' -> 'report'), or ''."""
    match = TITLE_TYPE.match(title)
    return TYPE_WORDS.get(match.group("word").lower(), "") if match else ""
