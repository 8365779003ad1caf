"""The keys of an annotated-text header: for each, the attribute of Meta that holds its value.

One table, in the order of the format's documentation (the order the writer follows). The parser
takes the single, repeated and required keys from it; the writer writes the keys in its order; on
the archive's side, `archive/header_fields.py` says which record keeps each key's value. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the parser reads them


@dataclass(frozen=True)
class HeaderKey:
    key: str  # as written in the header: 'date.written'
    attribute: str  # of Meta: 'date_written'
    repeated: bool = False  # may stand on several lines; Meta holds a list (or a dict for `supplied`)
    required: bool = False  # every file gives a value
    suppliable: bool = False  # a `supplied:` line may mark its value as the archive's, not the source's


HEADER_KEYS = (
    HeaderKey("record", "record"),
    HeaderKey("title", "title", required=True, suppliable=True),
    HeaderKey("slug", "slug"),
    HeaderKey("date", "date", required=True, suppliable=True),
    HeaderKey("date.written", "date_written", suppliable=True),
    HeaderKey("type", "type", required=True, suppliable=True),
    HeaderKey("lang", "lang", required=True, suppliable=True),
    HeaderKey("lang.original", "lang_original", suppliable=True),
    HeaderKey("status", "status"),
    HeaderKey("embargo", "embargo"),
    HeaderKey("withdrawn", "withdrawn"),
    HeaderKey("withdrawn.reason", "withdrawn_reason"),
    HeaderKey("title.withheld", "title_withheld"),
    HeaderKey("summary", "summary", suppliable=True),
    HeaderKey("classification", "classifications", repeated=True),
    HeaderKey("source", "source", suppliable=True),
    HeaderKey("source.url", "source_url", suppliable=True),
    HeaderKey("rights", "rights", suppliable=True),
    HeaderKey("rights.notice", "rights_notice", suppliable=True),
    HeaderKey("supplied", "supplied", repeated=True),
    HeaderKey("provenance", "provenance", repeated=True),
    HeaderKey("entity", "entities", repeated=True),
    HeaderKey("collection", "collections", repeated=True),
    HeaderKey("related", "related", repeated=True),
    HeaderKey("note", "notes", repeated=True),
)

BY_KEY = {header_key.key: header_key for header_key in HEADER_KEYS}
SINGLE_KEYS = tuple(k.key for k in HEADER_KEYS if not k.repeated)
REPEATED_KEYS = tuple(k.key for k in HEADER_KEYS if k.repeated)
REQUIRED_KEYS = tuple(k.key for k in HEADER_KEYS if k.required)
SUPPLIABLE_KEYS = tuple(k.key for k in HEADER_KEYS if k.suppliable)


def attribute(key: str) -> str:
    """The attribute of Meta that holds the value of header key `key`."""
    return BY_KEY[key].attribute


def one_line(value: str) -> str:
    """A value as one header line: its lines (broken where the format breaks lines) stripped and
    joined with the single space the parser joins continuation lines with; blank lines dropped."""
    return " ".join(line.strip() for line in LINE_BREAK.split(value) if line.strip())
