"""One CSL-JSON item per document, built from the record and its prefetched relations.

Nothing here queries the database beyond what `with_reading_relations()` has fetched: the mentions
with their entities, the provenance steps with their agents, the source.
"""

from __future__ import annotations

import datetime
import re

from archive.annotated import dates
from archive.kinds import BY_NAME

SITE_NAME = "Plenum"
_PLAIN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


def csl_item(document, *, url: str, accessed: datetime.date) -> dict:
    """The document as a CSL-JSON item (https://citationstyles.org/).

    Archival items (a provenance step `held`) are manuscripts with `archive` and `archive_location`;
    news reports (type news-article, or a report first published by its source) are newspaper
    articles in their source; anything else is a manuscript kept by its source.
    """
    item = {
        "id": f"plenum-{document.record}",
        "type": "manuscript",
        "title": document.cited_title(),
        "URL": url,
        "accessed": _date_parts(accessed),
        "source": SITE_NAME,
        "language": document.language,
    }
    issued = csl_date(document.date_edtf)
    if issued:
        item["issued"] = issued
    for variable, roles in (("author", ("author", "signatory")), ("recipient", ("recipient",))):
        names = [csl_name(entity) for entity in entities_in_roles(document, roles)]
        if names:
            item[variable] = names
    translators = [csl_name(entity) for entity in translators_of(document)]
    if translators:
        item["translator"] = translators
    if document.summary:
        item["abstract"] = document.summary
    held = next((step for step in document.provenance.all() if step.activity == "held"), None)
    if held:
        item["archive"] = held.agent_label
        if held.citation:
            item["archive_location"] = held.citation
        if document.source:
            item["publisher"] = document.cited("source", document.source.name)
        item["genre"] = document.get_doc_type_display()
    elif is_news(document):
        item["type"] = "article-newspaper"
        if document.source:
            item["container-title"] = document.cited("source", document.source.name)
    else:
        item["genre"] = document.get_doc_type_display()
        if document.source:
            item["archive"] = document.cited("source", document.source.name)
    return item


def is_news(document) -> bool:
    """A news report: a news article, or a report its source first published (it was not created elsewhere)."""
    if document.doc_type == "news-article":
        return True
    activities = [step.activity for step in document.provenance.all()]
    return document.doc_type == "report" and "published" in activities and "created" not in activities


def entities_in_roles(document, roles: tuple[str, ...]) -> list:
    """The entities named in any of roles, each once, ordered by role then sort name."""
    seen: dict[int, tuple] = {}
    for mention in document.mentions.all():
        if mention.role in roles:
            rank = (roles.index(mention.role), mention.entity.sort_name)
            if mention.entity_id not in seen or rank < seen[mention.entity_id][0]:
                seen[mention.entity_id] = (rank, mention.entity)
    return [entity for _, entity in sorted(seen.values(), key=lambda pair: pair[0])]


def translators_of(document) -> list:
    """Translators in the order the provenance names them, then any other in sort-name order."""
    order = {step.agent_id: n for n, step in enumerate(document.provenance.all()) if step.activity == "translated"}
    translators = entities_in_roles(document, ("translator",))
    return sorted(translators, key=lambda entity: (order.get(entity.pk, len(order)), entity.sort_name))


def csl_name(entity) -> dict:
    """An entity of a kind so named (a person) whose sort name is 'Family, Given' gets both parts; anyone
    else is named as written."""
    if BY_NAME[entity.kind].family_given and ", " in entity.sort_name:
        family, given = entity.sort_name.split(", ", 1)
        if f"{given} {family}" == entity.name:
            return {"family": family, "given": given}
    return {"literal": entity.name}


def csl_date(value: str) -> dict | None:
    """A calendar date or a range of them as date parts; any other EDTF date in words (so a date whose
    year is unknown says so rather than lose its day and month)."""
    if not value:
        return None
    parts = []
    for part in value.split("/"):
        match = _PLAIN.match(part)
        if not match:
            return {"literal": dates.describe(value)}
        parts.append([int(n) for n in match.groups() if n])
    return {"date-parts": parts}


def _date_parts(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}
