"""Rendering a document's texts and recording the mentions their marks make.

The reading form is computed here once per change (on import or on save in the admin), never
per request.
"""

from __future__ import annotations

from archive.annotated import parse_body
from archive.annotated.model import ParsedText
from archive.annotated.render import render_text

from .models import Entity, Mention, Text


def entities_for_keys(keys) -> dict[str, Entity]:
    """The archive's entities for the given keys ('p:kim-il-sung'), in one query."""
    from django.db.models import Q

    from archive.annotated.inline import split_key

    condition = Q(pk__in=[])
    for key in keys:
        parsed = split_key(key)
        if parsed:
            condition |= Q(kind=parsed[0], slug=parsed[1])
    found = Entity.objects.filter(condition).select_related("merged_into")
    # A merged entity's key stands for the entity it was merged into.
    return {entity.key: entity.merged_into or entity for entity in found}


def entity_linker(entities: dict[str, Entity]):
    """The renderer's link function: an entity key's URL, worked out once per key."""
    urls: dict[str, str | None] = {}

    def link(key: str) -> str | None:
        if key not in urls:
            entity = entities.get(key)
            urls[key] = entity.get_absolute_url() if entity else None
        return urls[key]

    return link


def apply_parsed_text(text: Text, parsed: ParsedText, entities: dict[str, Entity]) -> None:
    """Store the rendered and plain forms of parsed in text, and replace its span mentions."""

    text.rendered = render_text(parsed, entity_linker(entities), anchor_prefix=text.anchor_prefix)
    text.plain = parsed.plain
    text.save()
    text.mentions.all().delete()
    Mention.objects.bulk_create(
        Mention(
            document_id=text.document_id,
            text=text,
            entity=entities[span.key],
            role=span.role or "mentioned",
            start=span.start,
            end=span.end,
            quote=span.quote(parsed.plain)[:500],
        )
        for span in parsed.entity_spans()
        if span.key in entities
    )


def check_source(source: str) -> list[str]:
    """Problems with a text's annotated source, as 'line:column: message' (empty when fine)."""
    parsed = parse_body(source)
    messages = [p.format() for p in parsed.errors]
    known = entities_for_keys(parsed.undeclared)
    for key, places in parsed.undeclared.items():
        if key not in known:
            messages += [f"{line}:{column}: no entity '{key}' in the archive" for line, column in places]
    return messages


def refresh_text(text: Text) -> None:
    """Re-render a text from its stored source (after an edit in the admin)."""
    parsed = parse_body(text.source, lang=text.language, type=text.text_type)
    apply_parsed_text(text, parsed.texts[0], entities_for_keys(parsed.undeclared))
