"""The XML of an OAI-PMH answer."""

from __future__ import annotations

import datetime
import re

from lxml import etree

# Characters XML 1.0 cannot hold, left out of any text written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


def envelope(base_url: str, arguments: dict[str, str] | None) -> etree._Element:
    """The OAI-PMH root with its responseDate and request; arguments None: the request was not understood."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {SCHEMA}")
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    etree.SubElement(root, f"{{{OAI}}}responseDate").text = now
    request = etree.SubElement(root, f"{{{OAI}}}request")
    request.text = base_url
    for name, value in sorted((arguments or {}).items()):
        request.set(name, xml_text(value))
    return root


def element(parent, name: str, text: str | None = None, **attributes) -> etree._Element:
    child = etree.SubElement(parent, f"{{{OAI}}}{name}", {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        child.text = xml_text(text)
    return child


def errors(root, found) -> None:
    for error in found:
        element(root, "error", error.message, code=error.code)


def header(parent, oai_identifier: str, stamp: str, specs: list[str], status: str | None = None) -> None:
    head = element(parent, "header", status=status)
    element(head, "identifier", oai_identifier)
    element(head, "datestamp", stamp)
    for spec in specs:
        element(head, "setSpec", spec)


def dublin_core(parent, fields: list[tuple[str, str]]) -> None:
    metadata = element(parent, "metadata")
    dc = etree.SubElement(metadata, f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {OAI_DC_SCHEMA}")
    for name, value in fields:
        etree.SubElement(dc, f"{{{DC}}}{name}").text = xml_text(value)


def serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
