"""A document as TEI P5: its header from the record's metadata, its texts from their parse trees.

Pure Python with lxml: no Django. `tei_read.py` reads such a file back into the same metadata and
texts. Entity keys become xml:ids by turning the prefix's ':' into '.' (`p:kim-il-sung` is
`#p.kim-il-sung`); dates keep their EDTF value in `@when-custom` (`@datingMethod="#edtf"`), and
in `@when` too when it is a plain W3C date. A value the archive supplied (not stated by the
source) carries `@resp="#plenum"` and has a `<note type="supplied">` in the notesStmt saying why.
"""

from __future__ import annotations

import re

from lxml import etree

from archive.kinds import BY_PREFIX, KINDS, EntityKind

from .model import EntityDecl, Mark, Meta, Node, ProvenanceDecl
from .parser import parse_body

TEI = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
ARCHIVE = "plenum"  # the xml:id of the archive as a responsible party
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$", re.ASCII)

# The parts of the profileDesc that hold lists of entities, in their order (each kind's TEI names,
# and where its list stands, are in archive.kinds); the other kinds' lists end the sourceDesc.
PROFILE_LISTS = ("particDesc", "settingDesc")
CHOICES = {"sic": ("sic", "corr"), "reg": ("orig", "reg"), "abbr": ("abbr", "expan")}
TOP, MIDDLE, BOTTOM = 0, 1, 2
WRAPPERS = {"dateline", "byline", "signed"}  # may open or close a division


def xml_id(key: str) -> str:
    prefix, _, slug = key.partition(":")
    return f"{prefix}.{slug}"


def key_of(reference: str) -> str:
    """The entity key of an xml:id or a reference to one (with or without an id prefix)."""
    head, _, slug = reference.lstrip("#").rpartition(".")
    return f"{head.rpartition('.')[2]}:{slug}"


def _t(name: str) -> str:
    return f"{{{TEI}}}{name}"


def _el(parent, name: str, text: str | None = None, **attributes) -> etree._Element:
    attrs = {k: v for k, v in attributes.items() if v}
    child = etree.SubElement(parent, _t(name), attrs)
    if text:
        child.text = _NOT_XML.sub("", text)
    return child


def _date(parent, name: str, edtf: str, **attributes) -> etree._Element:
    when = edtf if _W3C_DATE.match(edtf) else None
    element = _el(parent, name, edtf, when=when, **attributes)
    element.set("when-custom", edtf)
    element.set("datingMethod", "#edtf")
    return element


def document(meta: Meta, texts: list[tuple[str, str, str]], *, url: str = "", id_prefix: str = "") -> etree._Element:
    """The TEI element of a document: meta, and texts as (language, type, annotated source).

    id_prefix (such as 'r2.') goes before every xml:id and each reference to one, so that several
    documents can stand in one XML file (an OAI-PMH list) with no identifier twice.
    """
    root = etree.Element(_t("TEI"), nsmap={None: TEI})
    root.set(f"{{{XML}}}lang", meta.lang or "und")
    header = _el(root, "teiHeader")
    _file_desc(header, meta, url)
    _encoding_desc(header, meta)
    _profile_desc(header, meta)
    outer = _el(root, "text")
    group = _el(outer, "group")
    for lang, type_, source in texts:
        text = _el(group, "text", type=type_)
        text.set(f"{{{XML}}}lang", lang)
        body = _el(text, "body")
        for parsed in parse_body(source, lang=lang, type=type_).texts:
            _body(body, parsed.blocks)
    if id_prefix:
        _prefix_ids(root, id_prefix)
    return root


def _prefix_ids(root, prefix: str) -> None:
    for element in root.iter():
        identifier = element.get(f"{{{XML}}}id")
        if identifier:
            element.set(f"{{{XML}}}id", prefix + identifier)
        for name in ("ref", "resp", "scheme", "datingMethod"):
            value = element.get(name)
            if value and value.startswith("#"):
                element.set(name, "#" + prefix + value[1:])


def serialize(root) -> bytes:
    """The file's bytes; the header is indented, the texts keep their characters exactly."""
    etree.indent(root.find(_t("teiHeader")), level=1)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _resp(meta: Meta, key: str) -> dict:
    return {"resp": f"#{ARCHIVE}"} if key in meta.supplied else {}


def _file_desc(header, meta: Meta, url: str) -> None:
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", meta.title, **_resp(meta, "title"))
    resp_stmt = _el(title_stmt, "respStmt")
    _el(resp_stmt, "resp", "edited and published by")
    _el(resp_stmt, "orgName", "Plenum").set(f"{{{XML}}}id", ARCHIVE)

    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", "Plenum")
    if meta.record:
        _el(publication, "idno", str(meta.record), type="record")
    if meta.slug:
        _el(publication, "idno", meta.slug, type="slug")
    if url:
        _el(publication, "idno", url, type="URI")
    _el(publication, "idno", meta.status, type="status")
    if meta.embargo:
        _date(publication, "date", meta.embargo, type="embargo")
    if meta.withdrawn:
        _date(publication, "date", meta.withdrawn, type="withdrawn")
    if meta.rights or meta.rights_notice or meta.withdrawn_reason:
        availability = _el(publication, "availability")
        if meta.rights:
            _el(availability, "licence", None, target=meta.rights, **_resp(meta, "rights"))
        if meta.rights_notice:
            _el(availability, "p", meta.rights_notice, n="notice", **_resp(meta, "rights.notice"))
        if meta.withdrawn_reason:
            withheld = "title-withheld" if meta.title_withheld else None
            _el(availability, "p", meta.withdrawn_reason, n="withdrawal", rend=withheld)
    for name in meta.collections:
        series = _el(file_desc, "seriesStmt", n="collection")
        _el(series, "title", name)
    if meta.supplied or meta.notes or meta.related:
        notes = _el(file_desc, "notesStmt")
        for note in meta.notes:
            _el(notes, "note", note, type="curator")
        for record in meta.related:
            _el(notes, "note", str(record), type="related")
        for key, reason in meta.supplied.items():
            _el(notes, "note", reason, type="supplied", n=key, resp=f"#{ARCHIVE}")
    _source_desc(file_desc, meta)


def _source_desc(file_desc, meta: Meta) -> None:
    source_desc = _el(file_desc, "sourceDesc")
    held = next((step for step in meta.provenance if step.activity == "held"), None)
    if meta.source or meta.source_url or not held:
        bibl = _el(source_desc, "bibl", type="source")
        if meta.source:
            _el(bibl, "publisher", meta.source, **_resp(meta, "source"))
        if meta.source_url:
            _el(bibl, "ref", meta.source_url, target=meta.source_url, **_resp(meta, "source.url"))
    if held or meta.provenance:
        ms_desc = _el(source_desc, "msDesc")
        identifier = _el(ms_desc, "msIdentifier")
        if held:
            reference = f"#{xml_id(held.agent_key)}" if held.agent_key else None
            _el(identifier, "repository", held.agent or held.agent_key, ref=reference)
            if held.citation:
                _el(identifier, "idno", held.citation)
        else:
            _el(identifier, "msName", meta.title)
        history = _el(ms_desc, "history")
        for step in meta.provenance:
            _provenance(history, step)
    # the kinds not listed in the profileDesc (events, topics)
    by_kind = _by_kind(meta)
    for kind in KINDS:
        if kind.tei.header == "sourceDesc":
            _entity_list(source_desc, kind, by_kind.get(kind.name, []))


def _by_kind(meta: Meta) -> dict[str, list[EntityDecl]]:
    """The entities the header declares, by the name of their kind."""
    found: dict[str, list[EntityDecl]] = {}
    for decl in meta.entities.values():
        found.setdefault(BY_PREFIX[decl.key.partition(":")[0]].name, []).append(decl)
    return found


def _provenance(history, step: ProvenanceDecl) -> None:
    created = step.activity == "created"
    holder = _el(history, "origin") if created else _el(history, "provenance", type=step.activity)
    paragraph = _el(holder, "p")
    if step.agent_key:
        _el(paragraph, "name", step.agent_key, ref=f"#{xml_id(step.agent_key)}", type="agent")
    elif step.agent:
        _el(paragraph, "name", step.agent, type="agent")
    if step.date:
        _date(paragraph, "date", step.date)
    if step.citation:
        _el(paragraph, "idno", step.citation, type="citation")
    if step.place:
        _el(paragraph, "placeName", step.place)
    if step.url:
        _el(paragraph, "ref", step.url, target=step.url)
    if step.note:
        _el(paragraph, "note", step.note)


def _encoding_desc(header, meta: Meta) -> None:
    encoding = _el(header, "encodingDesc")
    _el(_el(encoding, "projectDesc"), "p", "Transcribed and annotated in the Plenum archive.")
    methods = _el(_el(encoding, "classDecl"), "taxonomy")
    methods.set(f"{{{XML}}}id", "edtf")
    _el(_el(methods, "bibl"), "title", "Extended Date/Time Format (EDTF), ISO 8601-2")


def _profile_desc(header, meta: Meta) -> None:
    profile = _el(header, "profileDesc")
    creation = _el(profile, "creation")
    if meta.date:
        _date(creation, "date", meta.date, type="document", **_resp(meta, "date"))
    if meta.date_written:
        _el(creation, "date", meta.date_written, type="written", **_resp(meta, "date.written"))
    usage = _el(profile, "langUsage")
    _el(usage, "language", meta.lang, ident=meta.lang, **_resp(meta, "lang"))
    if meta.lang_original:
        original = meta.lang_original
        _el(usage, "language", original, ident=original, n="original", **_resp(meta, "lang.original"))
    if meta.summary:
        _el(_el(profile, "abstract"), "p", meta.summary, **_resp(meta, "summary"))
    classes = _el(profile, "textClass")
    keywords = _el(classes, "keywords", scheme="#document-type")
    if meta.type:
        _el(keywords, "term", meta.type, **_resp(meta, "type"))
    for value in meta.classifications:
        _el(classes, "classCode", value, scheme="#classification")
    by_kind = _by_kind(meta)
    for part in PROFILE_LISTS:
        listed = [kind for kind in KINDS if kind.tei.header == part and kind.name in by_kind]
        if listed:
            holder = _el(profile, part)
            for kind in listed:
                _entity_list(holder, kind, by_kind[kind.name])


def _entity_list(parent, kind: EntityKind, decls: list[EntityDecl]) -> None:
    if not decls:
        return
    names = kind.tei
    listing = _el(parent, names.listing, type=names.listing_type)
    for decl in decls:
        entry = _el(listing, names.entry)
        entry.set(f"{{{XML}}}id", xml_id(decl.key))
        _el(entry, names.name, decl.name, type="main")
        for variant in decl.variants:
            _el(entry, names.name, variant, type="variant")
        for authority, value in (("wikidata", decl.wikidata), ("viaf", decl.viaf)):
            if value:
                _el(entry, names.authority, value, type=authority)
        for note_type, value in (
            ("roles", " ".join(decl.roles)),
            ("description", decl.desc),
            ("sort", decl.sort),
            ("dates", decl.dates),
            ("place", decl.place),
            ("organizations", " ".join(decl.orgs)),
        ):
            if value:
                _el(entry, "note", value, type=note_type)


def _body(body, blocks) -> None:
    """The blocks in divisions: a heading or opener after running text opens a new one."""
    division, state = None, TOP
    for block in blocks:
        kind = block.kind
        opens = (kind in ("head", "opener") and state != TOP) or (kind in ("p", "stamp") and state == BOTTOM)
        if division is None or opens:
            division, state = _el(body, "div"), TOP
        if kind in ("p", "stamp"):
            state = MIDDLE
        elif kind == "closer" or (kind in WRAPPERS and state != TOP):
            state = BOTTOM
        _block(division, block)
    if division is None:
        _el(_el(body, "div"), "p")


def _block(parent, block) -> None:
    kind = block.kind
    if kind == "head":
        element = _el(parent, "head", n=str(block.level))
    elif kind == "fw":
        element = _el(parent, "fw", type=block.subtype)
    elif kind == "stamp":
        element = _el(_el(parent, "ab", type="stamp"), "stamp")
    elif kind in ("opener", "closer"):
        element = _el(_el(parent, kind), "seg", type="lines")
    else:
        element = _el(parent, kind)
    _nodes(element, block.nodes)


def _append_text(element, text: str) -> None:
    text = _NOT_XML.sub("", text)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index:
            _el(element, "lb")
        if not line:
            continue
        if len(element):
            last = element[-1]
            last.tail = (last.tail or "") + line
        else:
            element.text = (element.text or "") + line


def _nodes(element, nodes: list[Node]) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append_text(element, node)
        else:
            _mark(element, node)


def _mark(parent, mark: Mark) -> None:
    name, attrs = mark.name, mark.attrs
    first = mark.parts[0] if mark.parts else []
    if name == "entity":
        names = BY_PREFIX[mark.key.partition(":")[0]].tei
        element = _el(parent, names.mark, ref=f"#{xml_id(mark.key)}", role=attrs.get("role"), type=names.mark_type)
        _nodes(element, first)
    elif name == "date":
        element = _el(parent, "date", when=mark.key if _W3C_DATE.match(mark.key) else None)
        element.set("when-custom", mark.key)
        element.set("datingMethod", "#edtf")
        _nodes(element, first)
    elif name == "hi":
        _nodes(_el(parent, "hi", rend="bold"), first)
    elif name == "sup":
        _nodes(_el(parent, "supplied", reason=attrs.get("reason")), first)
    elif name == "unc":
        _nodes(_el(parent, "unclear", reason=attrs.get("reason")), first)
    elif name == "gap":
        element = _el(parent, "gap", reason=attrs.get("reason"), unit=attrs.get("unit"), extent=attrs.get("extent"))
        if mark.parts:
            _nodes(_el(element, "desc"), first)
    elif name == "sig":
        _el(parent, "seg", type="signature", subtype=attrs.get("reason"))
    elif name == "add":
        _nodes(_el(parent, "add", place=attrs.get("place"), hand=attrs.get("hand")), first)
    elif name == "del":
        _nodes(_el(parent, "del", rend=attrs.get("rend")), first)
    elif name == "note":
        _nodes(_el(parent, "note"), first)
    elif name in CHOICES:
        choice = _el(parent, "choice")
        for tag, part in zip(CHOICES[name], mark.parts, strict=False):
            _nodes(_el(choice, tag), part)
    else:  # pragma: no cover - the parser makes no other marks
        raise ValueError(f"no TEI for the mark '{name}'")
