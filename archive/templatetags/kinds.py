"""The kinds of entity (archive.kinds) for templates, so that no template lists them.

{% entity_kinds as kinds %} gives the kinds in order (each with name, prefix, segment, label,
plural, underline); {% kinds_in_words %} says them as a phrase ("persons, organizations, places,
events and topics").
"""

from django import template

from archive import kinds

register = template.Library()


@register.simple_tag
def entity_kinds() -> tuple[kinds.EntityKind, ...]:
    return kinds.KINDS


@register.simple_tag
def kinds_in_words() -> str:
    return kinds.in_words()
