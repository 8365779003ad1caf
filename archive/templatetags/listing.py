"""Template filters and tags of the pages that list documents: snippets marked, links to filtered lists."""

from django import template
from django.utils.html import format_html, format_html_join

from archive import links
from archive.listing import Row

register = template.Library()


@register.filter
def marked(parts) -> str:
    """A snippet's parts as HTML: every character escaped, the parts a search matched in <mark>."""
    return format_html_join(
        "", "{}", ((format_html("<mark>{}</mark>", text) if matched else text,) for text, matched in parts)
    )


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
