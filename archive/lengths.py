"""A parsed file's values checked against the lengths the archive's fields hold.

The format sets no length on a header value; the database does. SQLite would keep a longer value
and PostgreSQL refuse it mid-import: checking first gives the curator the same clear problem on
both, before anything is written. The limits are read from the models, so they cannot drift.
"""

from __future__ import annotations

from archive.annotated.model import Parsed, Problem

from .models import Collection, Document, Entity, EntityName, ProvenanceStep, Source
from .models.entities import normalize_name

HEADER = 1  # single header keys carry no line of their own in Meta: named by their key instead


def too_long(parsed: Parsed) -> list[Problem]:
    """A problem for each value longer than the field that would hold it."""
    meta = parsed.meta
    problems: list[Problem] = []

    def check(value: str, model, field: str, line: int, label: str) -> None:
        limit = model._meta.get_field(field).max_length
        if value and len(value) > limit:
            problems.append(
                Problem(line, 1, f"{label} is {len(value):,} characters long; the archive keeps at most {limit:,}")
            )

    check(meta.title, Document, "title", HEADER, "the title")
    check(meta.slug, Document, "slug", HEADER, "the slug")
    check(meta.date, Document, "date_edtf", HEADER, "the date")
    check(meta.date_written, Document, "date_written", HEADER, "date.written")
    check(meta.source, Source, "name", HEADER, "the source")
    check(meta.source_url, Document, "source_url", HEADER, "source.url")
    for name in meta.collections:
        check(name, Collection, "name", HEADER, f"the collection '{_short(name)}'")
    for decl in meta.entities.values():
        label = f"entity {_short(decl.key)}:"
        check(decl.slug, Entity, "slug", decl.line, f"{label} the key")
        check(decl.name, Entity, "name", decl.line, f"{label} the name")
        check(normalize_name(decl.name), Entity, "name_normalized", decl.line, f"{label} the name, normalized,")
        for variant in decl.variants:
            check(variant, EntityName, "name", decl.line, f"{label} the variant '{_short(variant)}'")
            check(normalize_name(variant), EntityName, "normalized", decl.line, f"{label} a variant, normalized,")
        check(decl.sort, Entity, "sort_name", decl.line, f"{label} sort")
        check(decl.dates, Entity, "date_edtf", decl.line, f"{label} dates")
        check(decl.wikidata, Entity, "wikidata", decl.line, f"{label} wikidata")
        check(decl.viaf, Entity, "viaf", decl.line, f"{label} viaf")
    for step in meta.provenance:
        check(step.agent, ProvenanceStep, "agent_name", step.line, "provenance: the agent")
        check(step.citation, ProvenanceStep, "citation", step.line, "provenance: the citation")
        check(step.place, ProvenanceStep, "place", step.line, "provenance: the place")
        check(step.url, ProvenanceStep, "url", step.line, "provenance: the url")
        check(step.date, ProvenanceStep, "date_edtf", step.line, "provenance: the date")
    return problems


def _short(value: str, length: int = 40) -> str:
    return value if len(value) <= length else value[:length] + "…"
