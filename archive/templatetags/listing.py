"""Template filters and tags of the pages that list documents: snippets marked, links to filtered lists."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from archive import links
from archive.listing import Row

register = template.Library()


@register.filter
def marked(parts) -> str:
    """A snippet's parts as HTML: every character escaped (as Django's escape does), the parts a search matched
    in <mark>."""
    return mark_safe("".join(f"<mark>{escape(text)}</mark>" if matched else escape(text) for text, matched in parts))


@register.simple_tag
def filtered(view: str = "documents", **filters) -> str:
    """The path of the document list (or the search page) narrowed by filters: {% filtered source=slug %}."""
    return links.to_list(view, **filters)


@register.filter
def as_rows(documents) -> list[Row]:
    """Documents as the rows of a list, for a page that lists documents without searching them."""
    return [Row(document) for document in documents]


@register.filter
def documents_naming(entity) -> str:
    """The path of the list of the documents that name entity: {{ entity|documents_naming }}."""
    return links.documents_naming(entity)
