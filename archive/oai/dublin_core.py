"""A document described in simple Dublin Core (oai_dc), from its prefetched relations."""

from __future__ import annotations

import re

from archive.annotated import dates

ROLE_ELEMENTS = {"author": "creator", "signatory": "creator", "translator": "contributor", "subject": "subject"}
_W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$", re.ASCII)


def describe(document, url: str) -> list[tuple[str, str]]:
    """[(element, value)] in the order of the Dublin Core elements; url is the document's permanent address."""
    fields = [("title", document.title)]
    seen = set()
    for element in ("creator", "subject", "contributor"):
        for mention in document.mentions.all():
            if ROLE_ELEMENTS.get(mention.role) == element and (element, mention.entity_id) not in seen:
                seen.add((element, mention.entity_id))
                fields.append((element, mention.entity.name))
    if document.summary:
        fields.append(("description", document.summary))
    if document.source:
        fields.append(("publisher", document.source.name))
    if document.date_edtf:
        value = document.date_edtf
        fields.append(("date", value if _W3CDTF.match(value) else dates.describe(value)))
    fields += [("type", "Text"), ("type", document.get_doc_type_display())]
    fields.append(("identifier", url))
    for step in document.provenance.all():
        if step.activity == "held":
            fields.append(("source", ", ".join(part for part in (step.agent_label, step.citation) if part)))
    if document.source_url:
        fields.append(("source", document.source_url))
    fields.append(("language", document.language))
    if document.original_language and document.original_language != document.language:
        fields.append(("relation", f"Translation of an original in {document.original_language}"))
    fields += [("relation", collection.name) for collection in document.collections.all()]
    if document.rights:
        fields.append(("rights", document.rights.uri))
    if document.rights_notice:
        fields.append(("rights", " ".join(document.rights_notice.split())))
    return fields
