"""Read a TEI file written by `tei.py` back into a document's metadata and annotated texts.

Pure Python with lxml: no Django. `read` gives (Meta, [(language, type, annotated source)]), and
`to_annotated` the annotated-text file that the import takes. What TEI cannot keep of a text's
source comes back normalized: one blank line between blocks, comments (`%%`) gone, a mark's
attributes in a fixed order, and `\\` escapes only where the format needs them.
"""

from __future__ import annotations

import re

from lxml import etree

from archive.kinds import BY_PREFIX, KINDS

from .model import EntityDecl, Meta, ProvenanceDecl
from .tei import CHOICES, TEI, XML, key_of
from .writer import write

MAX_BYTES = 20 * 1024 * 1024
# (element, its @type where the element alone does not tell the kind) of a name in a text -> its kind's prefix
_PREFIX_OF_ELEMENT = {(kind.tei.mark, kind.tei.mark_type): kind.prefix for kind in KINDS}
_TYPED_MARKS = {kind.tei.mark for kind in KINDS if kind.tei.mark_type}
_LISTINGS = {kind.tei.listing for kind in KINDS}
_ENTRIES = {kind.tei.entry for kind in KINDS}
_CHOICE_OF = {tags[0]: name for name, tags in CHOICES.items()}
_MARK_ATTRIBUTES = {"supplied": "sup", "unclear": "unc", "add": "add", "del": "del"}
BLOCKS = {"p", "head", "fw", "dateline", "byline", "signed", "opener", "closer", "ab"}


class TeiError(ValueError):
    """A file that is not TEI of the form tei.py writes; line is where (0 when unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


def _t(name: str) -> str:
    return f"{{{TEI}}}{name}"


def _local(element) -> str:
    tag = element.tag
    return tag.split("}", 1)[1] if isinstance(tag, str) and tag.startswith(f"{{{TEI}}}") else ""


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _find(parent, path: str):
    return parent.find(path.replace("t:", f"{{{TEI}}}"))


def _findall(parent, path: str):
    return parent.findall(path.replace("t:", f"{{{TEI}}}"))


def parse_xml(data: bytes):
    if len(data) > MAX_BYTES:
        raise TeiError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TeiError(f"not well-formed XML: {exc.msg}", exc.lineno or 0) from None
    if root.tag != _t("TEI"):
        raise TeiError("the root element is not a TEI element (namespace http://www.tei-c.org/ns/1.0)", root.sourceline)
    return root


def read(data: bytes) -> tuple[Meta, list[tuple[str, str, str]]]:
    root = parse_xml(data)
    header = _find(root, "t:teiHeader")
    if header is None:
        raise TeiError("the TEI element has no teiHeader", root.sourceline)
    meta = _meta(header)
    texts = []
    for text in _findall(root, "t:text/t:group/t:text"):
        lang = text.get(f"{{{XML}}}lang", "")
        type_ = text.get("type", "translation")
        body = _find(text, "t:body")
        if body is None:
            raise TeiError("a text has no body", text.sourceline)
        texts.append((lang, type_, _body(body)))
    if not texts:
        raise TeiError("no texts: the file's <text> holds no <group> of <text> elements", root.sourceline)
    return meta, texts


def to_annotated(data: bytes) -> bytes:
    """The annotated-text file (AAT/1) a TEI file describes; TeiError if it cannot be read."""
    meta, texts = read(data)
    try:
        return write(meta, texts).encode("utf-8")
    except ValueError as exc:
        raise TeiError(str(exc)) from None


# The header


def _edtf(element) -> str:
    if element is None:
        return ""
    return element.get("when-custom") or element.get("when") or _text(element)


def _meta(header) -> Meta:
    meta = Meta()
    meta.title = _text(_find(header, "t:fileDesc/t:titleStmt/t:title"))
    publication = _find(header, "t:fileDesc/t:publicationStmt")
    if publication is not None:
        for idno in _findall(publication, "t:idno"):
            kind, value = idno.get("type"), _text(idno)
            if kind == "record":
                if not value.isascii() or not value.isdigit():
                    raise TeiError(f"the record number '{value}' is not a number", idno.sourceline)
                meta.record = int(value)
            elif kind == "slug":
                meta.slug = value
            elif kind == "status":
                meta.status = value
        for date in _findall(publication, "t:date"):
            if date.get("type") == "embargo":
                meta.embargo = _edtf(date)
            elif date.get("type") == "withdrawn":
                meta.withdrawn = _edtf(date)
        licence = _find(publication, "t:availability/t:licence")
        meta.rights = licence.get("target", "") if licence is not None else ""
        for paragraph in _findall(publication, "t:availability/t:p"):
            if paragraph.get("n") == "notice":
                meta.rights_notice = _text(paragraph)
            elif paragraph.get("n") == "withdrawal":
                meta.withdrawn_reason = _text(paragraph)
                meta.title_withheld = paragraph.get("rend") == "title-withheld"
    meta.collections = [_text(t) for t in _findall(header, "t:fileDesc/t:seriesStmt/t:title")]
    for note in _findall(header, "t:fileDesc/t:notesStmt/t:note"):
        kind, value = note.get("type"), _text(note)
        if kind == "curator":
            meta.notes.append(value)
        elif kind == "related":
            if not value.isascii() or not value.isdigit():
                raise TeiError(f"a related record '{value}' is not a number", note.sourceline)
            meta.related.append(int(value))
        elif kind == "supplied":
            meta.supplied[note.get("n", "")] = value
    source = _find(header, "t:fileDesc/t:sourceDesc")
    if source is not None:
        meta.source = _text(_find(source, "t:bibl[@type='source']/t:publisher"))
        url = _find(source, "t:bibl[@type='source']/t:ref")
        meta.source_url = url.get("target", "") if url is not None else ""
        for step in _findall(source, "t:msDesc/t:history/*"):
            meta.provenance.append(_step(step))
    profile = _find(header, "t:profileDesc")
    if profile is not None:
        for date in _findall(profile, "t:creation/t:date"):
            if date.get("type") == "document":
                meta.date = _edtf(date)
            elif date.get("type") == "written":
                meta.date_written = _text(date)
        for language in _findall(profile, "t:langUsage/t:language"):
            if language.get("n") == "original":
                meta.lang_original = language.get("ident", "")
            else:
                meta.lang = language.get("ident", "")
        meta.summary = _text(_find(profile, "t:abstract/t:p"))
        meta.type = _text(_find(profile, "t:textClass/t:keywords/t:term"))
        meta.classifications = [_text(c) for c in _findall(profile, "t:textClass/t:classCode")]
    for listing in header.iter(*(_t(name) for name in _LISTINGS)):
        for entry in listing:
            if _local(entry) in _ENTRIES:
                decl = _entity(entry)
                meta.entities[decl.key] = decl
    return meta


def _step(element) -> ProvenanceDecl:
    activity = "created" if _local(element) == "origin" else element.get("type", "")
    step = ProvenanceDecl(activity=activity, line=element.sourceline or 0)
    for child in _findall(element, "t:p/*"):
        name = _local(child)
        if name == "name":
            if child.get("ref"):
                step.agent_key = key_of(child.get("ref"))
            else:
                step.agent = _text(child)
        elif name == "date":
            step.date = _edtf(child)
        elif name == "idno":
            step.citation = _text(child)
        elif name == "placeName":
            step.place = _text(child)
        elif name == "ref":
            step.url = child.get("target", "")
        elif name == "note":
            step.note = _text(child)
    return step


def _entity(entry) -> EntityDecl:
    identifier = entry.get(f"{{{XML}}}id", "")
    if "." not in identifier:
        raise TeiError(f"an entity's xml:id '{identifier}' is not of the form PREFIX.slug", entry.sourceline)
    key = key_of(identifier)
    prefix, _, slug = key.partition(":")
    if prefix not in BY_PREFIX:
        raise TeiError(f"an entity's xml:id '{identifier}' has an unknown prefix", entry.sourceline)
    entity_kind = BY_PREFIX[prefix]
    decl = EntityDecl(key=key, kind=entity_kind.name, slug=slug, name="", line=entry.sourceline or 0)
    name_element = entity_kind.tei.name
    for child in entry:
        name, kind, value = _local(child), child.get("type", ""), _text(child)
        if name == name_element:
            if kind == "variant":
                decl.variants.append(value)
            else:
                decl.name = value
        elif name in ("idno", "note") and kind in ("wikidata", "viaf"):
            setattr(decl, kind, value)
        elif name == "note":
            if kind == "roles":
                decl.roles = value.split()
            elif kind == "description":
                decl.desc = value
            elif kind == "sort":
                decl.sort = value
            elif kind == "dates":
                decl.dates = value
            elif kind == "place":
                decl.place = value
            elif kind == "organizations":
                decl.orgs = value.split()
    return decl


# The texts

_LINE_START = re.compile(r"^(?=[@#])", re.MULTILINE)


def _escape(text: str) -> str:
    text = re.sub(r"([\\{}|])", r"\\\1", text)
    return re.sub(r"\*(?=\*)|(?<=\*)\*", r"\\*", text)


def _body(body) -> str:
    blocks = []
    for element in body.iter():
        name = _local(element)
        if name not in BLOCKS or _local(element.getparent()) not in ("div", "body"):
            continue
        blocks.append(_block(element, name))
    return "\n\n".join(block for block in blocks if block is not None)


def _block(element, name: str) -> str | None:
    if name == "head":
        level = element.get("n", "1")
        return f"{'#' * int(level if level in ('1', '2', '3') else 1)} {_inline(element)}"
    if name == "fw":
        return f"@fw {element.get('type', 'classification')}|{_inline(element)}"
    if name in ("dateline", "byline", "signed"):
        return f"@{name}|{_inline(element)}"
    if name == "ab" and element.get("type") == "stamp":
        stamp = _find(element, "t:stamp")
        return f"@stamp\n{_lines(stamp if stamp is not None else element)}\n@end"
    if name in ("opener", "closer"):
        lines = _find(element, "t:seg")
        return f"@{name}\n{_lines(lines if lines is not None else element)}\n@end"
    return _lines(element) or None


def _lines(element) -> str:
    """Content over lines, each line kept from reading as a directive or heading."""
    return _LINE_START.sub("\\\\", _inline(element))


def _inline(element) -> str:
    out = [_escape(element.text or "")]
    for child in element:
        out.append(_node(child))
        out.append(_escape(child.tail or ""))
    return "".join(out)


def _attributes(element, names) -> str:
    return "".join(f" {name}={element.get(name)}" for name in names if element.get(name))


def _node(element) -> str:
    if not isinstance(element.tag, str):
        return ""  # a comment or processing instruction
    name = _local(element)
    if name == "lb":
        return "\n"
    prefix = _PREFIX_OF_ELEMENT.get((name, element.get("type", "") if name in _TYPED_MARKS else ""))
    if prefix and element.get("ref"):
        key = key_of(element.get("ref"))
        role = f" role={element.get('role')}" if element.get("role") else ""
        return f"{{{key}{role}|{_inline(element)}}}"
    if name == "date":
        value = element.get("when-custom") or element.get("when")
        if not value:
            raise TeiError("a date in the text has neither @when-custom nor @when", element.sourceline)
        return f"{{d:{value}|{_inline(element)}}}"
    if name == "hi":
        return f"**{_inline(element)}**"
    if name in _MARK_ATTRIBUTES:
        mark = _MARK_ATTRIBUTES[name]
        names = {"sup": ("reason",), "unc": ("reason",), "add": ("place", "hand"), "del": ("rend",)}[mark]
        return f"{{{mark}{_attributes(element, names)}|{_inline(element)}}}"
    if name == "gap":
        desc = _find(element, "t:desc")
        inner = f"|{_inline(desc)}" if desc is not None else ""
        return f"{{gap{_attributes(element, ('reason', 'unit', 'extent'))}{inner}}}"
    if name == "seg" and element.get("type") == "signature":
        reason = f" reason={element.get('subtype')}" if element.get("subtype") else ""
        return f"{{sig{reason}}}"
    if name == "note":
        return f"{{note|{_inline(element)}}}"
    if name == "choice":
        parts = {_local(child): child for child in element}
        for first, mark in _CHOICE_OF.items():
            if first in parts:
                second = CHOICES[mark][1]
                other = _inline(parts[second]) if second in parts else ""
                return f"{{{mark}|{_inline(parts[first])}|{other}}}"
        raise TeiError("a choice holds none of sic, orig or abbr", element.sourceline)
    return _inline(element)  # another element: its words only
