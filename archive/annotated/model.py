"""What the parser returns: plain data, no behaviour beyond small conveniences."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning"

    def format(self, filename: str = "") -> str:
        where = f"{filename}:{self.line}:{self.column}" if filename else f"{self.line}:{self.column}"
        label = "" if self.severity == "error" else "warning: "
        return f"{where}: {label}{self.message}"


@dataclass
class EntityDecl:
    key: str
    kind: str
    slug: str
    name: str
    line: int
    variants: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    desc: str = ""
    sort: str = ""
    dates: str = ""
    wikidata: str = ""
    viaf: str = ""
    place: str = ""
    orgs: list[str] = field(default_factory=list)


@dataclass
class ProvenanceDecl:
    activity: str
    line: int = 0
    agent: str = ""
    agent_key: str = ""
    date: str = ""
    citation: str = ""
    place: str = ""
    url: str = ""
    note: str = ""


@dataclass
class Meta:
    record: int | None = None
    title: str = ""
    slug: str = ""
    date: str = ""
    date_written: str = ""
    type: str = ""
    lang: str = ""
    lang_original: str = ""
    status: str = "draft"
    embargo: str = ""  # YYYY-MM-DD: public from that day once published
    withdrawn: str = ""  # YYYY-MM-DD, for status withdrawn
    withdrawn_reason: str = ""
    title_withheld: bool = False
    summary: str = ""
    classifications: list[str] = field(default_factory=list)
    source: str = ""  # the name of the source the header states (kept as a Source record on import)
    source_url: str = ""
    rights: str = ""
    rights_notice: str = ""
    # header keys of values the archive supplied (not stated by the source) -> why, in file order
    supplied: dict[str, str] = field(default_factory=dict)
    provenance: list[ProvenanceDecl] = field(default_factory=list)
    entities: dict[str, EntityDecl] = field(default_factory=dict)
    collections: list[str] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Mark:
    """An inline mark: name ('entity', 'date', 'sup', 'hi', ...), attributes and parts."""

    name: str
    line: int
    column: int
    attrs: dict[str, str] = field(default_factory=dict)
    parts: list[list[Node]] = field(default_factory=list)
    key: str = ""  # entity key or EDTF value


Node = str | Mark


@dataclass
class Block:
    kind: str  # p, head, fw, dateline, byline, signed, stamp, opener, closer
    line: int
    nodes: list[Node]
    level: int = 0  # heading level
    subtype: str = ""  # fw type
    start: int = 0  # offsets in the plain text
    end: int = 0


@dataclass
class Span:
    """A stretch of the plain text that a mark covers (offsets in code points)."""

    start: int
    end: int
    name: str
    key: str = ""
    role: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    line: int = 0
    column: int = 0

    def quote(self, plain: str) -> str:
        return plain[self.start : self.end]


@dataclass
class ParsedText:
    """One text of a parsed file (a document's translation, original or transcription); the
    archive keeps it as an `archive.models.Text`."""

    lang: str
    type: str
    line: int
    source: str = ""  # the annotated text of this text, as written in the file
    blocks: list[Block] = field(default_factory=list)
    plain: str = ""
    spans: list[Span] = field(default_factory=list)

    def entity_spans(self) -> list[Span]:
        return [span for span in self.spans if span.name == "entity"]


@dataclass
class Parsed:
    meta: Meta
    texts: list[ParsedText]
    problems: list[Problem]
    # entity keys used in the body but not declared in the header: key -> [(line, column)]
    undeclared: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors
