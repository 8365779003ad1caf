"""schema.org descriptions of documents and entities as JSON-LD, for search engines and harvesters.

The context is written out here (schema.org as `@vocab`, the properties whose values are addresses
typed as such), so a reader of the data fetches nothing to expand it.
"""

from __future__ import annotations

import json
import re

from django.utils.safestring import SafeString, mark_safe

from archive.citations.item import is_news
from archive.kinds import BY_NAME

CONTEXT = {
    "@vocab": "https://schema.org/",
    **{name: {"@type": "@id"} for name in ("url", "sameAs", "usageInfo", "license")},
}
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$", re.ASCII)


def authority_uris(entity) -> list[str]:
    """The entity's Wikidata and VIAF records, as URIs."""
    uris = []
    if entity.wikidata:
        uris.append(f"http://www.wikidata.org/entity/{entity.wikidata}")
    if entity.viaf:
        uris.append(f"http://viaf.org/viaf/{entity.viaf}")
    return uris


def entity_reference(entity, absolute) -> dict:
    """A short node for an entity named in a document: its type, address, name and authority records."""
    node = {"@type": BY_NAME[entity.kind].schema_type, "@id": absolute(entity.get_absolute_url()), "name": entity.name}
    if authority_uris(entity):
        node["sameAs"] = authority_uris(entity)
    return node


def document_data(document, absolute) -> dict:
    """The document as an ArchiveComponent (held by an archive), a NewsArticle or a CreativeWork.

    absolute turns a path into a full URL; only the relations `with_reading_relations()` prefetches are read.
    """
    url = absolute(document.get_absolute_url())
    steps = list(document.provenance.all())
    held = next((step for step in steps if step.activity == "held"), None)
    news = is_news(document)
    kind = "ArchiveComponent" if held else "NewsArticle" if news else "CreativeWork"
    data = {
        "@context": CONTEXT,
        "@type": kind,
        "@id": url,
        "url": url,
        "name": document.title,
        "identifier": str(document.record),
        "genre": document.get_doc_type_display(),
        "inLanguage": document.language,
    }
    languages = list(dict.fromkeys([document.language, *(text.language for text in document.texts.all())]))
    if len(languages) > 1:
        data["inLanguage"] = languages  # the texts given: a translation beside its original
    if news:
        data["headline"] = document.title[:110]
    if document.summary:
        data["description"] = document.summary
    date = document.date_edtf
    if date and _ISO.match(date):
        data["datePublished" if news else "dateCreated"] = date
    elif date and "/" in date and all(_ISO.match(part) for part in date.split("/")):
        data["temporalCoverage"] = date
    if document.original_language and document.original_language != document.language:
        data["translationOfWork"] = {"@type": "CreativeWork", "inLanguage": document.original_language}
    roles: dict[str, list] = {}
    for mention in document.mentions.all():
        roles.setdefault(mention.role, {})[mention.entity_id] = mention.entity
    for role, prop in (
        ("author", "author"),
        ("signatory", "author"),
        ("translator", "translator"),
        ("recipient", "recipient"),
        ("subject", "about"),
    ):
        for entity in roles.get(role, {}).values():
            nodes = data.setdefault(prop, [])
            reference = entity_reference(entity, absolute)
            if reference not in nodes:
                nodes.append(reference)
    everyone = {pk: entity for entities in roles.values() for pk, entity in entities.items()}
    if everyone:
        data["mentions"] = [entity_reference(e, absolute) for e in sorted(everyone.values(), key=lambda e: e.sort_name)]
    if held:
        data["holdingArchive"] = {"@type": "ArchiveOrganization", "name": held.agent_label}
        if held.agent_id:
            data["holdingArchive"]["@id"] = absolute(held.agent.get_absolute_url())
        if held.citation:
            data["itemLocation"] = held.citation
    if document.source:
        data["publisher" if news else "provider"] = {"@type": "Organization", "name": document.source.name}
    if document.source_url:
        data["sameAs"] = document.source_url
    if document.rights:
        data["usageInfo"] = document.rights.uri
        data["license"] = document.rights.uri
    if document.rights_notice:
        data["copyrightNotice"] = " ".join(document.rights_notice.split())
    collections = [
        {"@type": "Collection", "@id": absolute(c.get_absolute_url()), "name": c.name}
        for c in document.collections.all()
    ]
    if collections:
        data["isPartOf"] = collections
    return data


def entity_data(entity, absolute, *, variants=(), organizations=(), place=None) -> dict:
    """An entity of any kind, with its other names and authority records
    (and, for an event, its place and organizations, when readers may see them)."""
    data = {
        "@context": CONTEXT,
        "@type": BY_NAME[entity.kind].schema_type,
        "@id": absolute(entity.get_absolute_url()),
        "url": absolute(entity.get_absolute_url()),
        "name": entity.name,
    }
    if variants:
        data["alternateName"] = list(variants)
    if entity.description:
        data["description"] = entity.description
    if authority_uris(entity):
        data["sameAs"] = authority_uris(entity)
    if entity.kind == "event":
        if entity.date_start:
            data["startDate"] = entity.date_start.isoformat()
            data["endDate"] = entity.date_end.isoformat()
        if place:
            data["location"] = entity_reference(place, absolute)
        if organizations:
            data["organizer"] = [entity_reference(org, absolute) for org in organizations]
    return data


def script_json(data: dict) -> SafeString:
    """data as compact JSON (Python's C encoder: a third of the indented form's time) safe inside a <script> element
    (no '<', '>' or '&' to end it early)."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
