"""The kinds of entity (archive.kinds) for templates, so that no template lists them.

{% entity_kinds as kinds %} gives the kinds in order (each with name, prefix, segment, label,
plural, underline); {% kinds_in_words %} says them as a phrase ("persons, organizations, places,
events and topics"); {% entity_links entities %} lists entities as links marked with their kind.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString

from archive import kinds

register = template.Library()


@register.simple_tag
def entity_kinds() -> tuple[kinds.EntityKind, ...]:
    return kinds.KINDS


@register.simple_tag
def kinds_in_words() -> str:
    return kinds.in_words()


@register.simple_tag
def entity_links(entities) -> str:
    """<li><a class="entity entity-{prefix}" href="{address}">{name}</a></li> for each entity: written at once,
    where a loop of the template resolved three variables for each (a document page names about twenty), each
    escaped as Django's `escape` does (which is this, behind a check for lazy text that took longer)."""
    return SafeString(
        "".join(
            f'<li><a class="entity entity-{entity.entity_kind.prefix}" href="{escape(entity.get_absolute_url())}">'
            f"{escape(entity.name)}</a></li>"
            for entity in entities
        )
    )
