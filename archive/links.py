"""The links of the pages that list documents, built in one place.

A link that adds a filter value, removes one, or removes them all; a facet value's link; a link
from another page to a filtered list; and the permanent redirect of a bookmarked request in an
old form. Pages go from one page of results to the next with Django's `{% querystring %}`. Every
link is a query string on the page's own path ("?..."), or an absolute path for another page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from archive.filters import Chosen
from archive.search.facets import Facet

KEPT_WITHOUT_FILTERS = ("q", "sort")  # what "remove all filters" keeps


def _pairs(params: QueryDict, leave_out=()) -> list[tuple[str, str]]:
    return [(name, value) for name, values in params.lists() if name not in leave_out for value in values]


def _link(pairs: list[tuple[str, str]]) -> str:
    return "?" + urlencode(pairs)


def adding(params: QueryDict, name: str, value: str, *, multiple: bool = False) -> str:
    """params with value chosen for the filter name (besides those chosen, when it takes several), on page 1."""
    kept = [v for v in params.getlist(name) if v != value] if multiple else []
    return _link([*_pairs(params, (name, "page")), *((name, v) for v in [*kept, value])])


def removing(params: QueryDict, name: str, value: str) -> str:
    """params without that value of the filter name, on page 1."""
    return _link([*_pairs(params, (name, "page")), *((name, v) for v in params.getlist(name) if v != value)])


def without_filters(params: QueryDict) -> str:
    """params with the query and the order only."""
    return _link([(name, value) for name, value in _pairs(params) if name in KEPT_WITHOUT_FILTERS])


def carried(params: QueryDict) -> list[tuple[str, str]]:
    """The (name, value) pairs of the filters a search form carries along when the words or the order change."""
    return [(name, value) for name, value in _pairs(params) if name not in KEPT_WITHOUT_FILTERS]


def to_list(view: str = "documents", **filters) -> str:
    """The path of the list (documents or search) narrowed by filters, for a link from another page."""
    return reverse(f"archive:{view}") + (f"?{urlencode(filters)}" if filters else "")


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    shown: str
    link: str  # removes it


def active_filters(params: QueryDict, chosen: list[Chosen]) -> list[ActiveFilter]:
    """Each filter value in use, with the link that removes it."""
    return [ActiveFilter(c.label, c.shown, removing(params, c.name, c.value)) for c in chosen]


@dataclass(frozen=True)
class LinkedValue:
    value: str
    label: str
    count: int
    active: bool  # chosen already: its link removes it
    link: str


@dataclass(frozen=True)
class LinkedFacet:
    name: str
    label: str
    values: list[LinkedValue]


def linked_facets(facets: list[Facet], params: QueryDict) -> list[LinkedFacet]:
    """The facets with a link for each value: to add it, or to remove it when it is chosen already."""
    linked = []
    for facet in facets:
        chosen = params.getlist(facet.name)
        values = [
            LinkedValue(
                v.value,
                v.label,
                v.count,
                v.value in chosen,
                removing(params, facet.name, v.value)
                if v.value in chosen
                else adding(params, facet.name, v.value, multiple=facet.multiple),
            )
            for v in facet.values
        ]
        linked.append(LinkedFacet(facet.name, facet.label, values))
    return linked


def current_form(params: QueryDict, view: str) -> str | None:
    """Where a request in a form bookmarked before the list and search shared their filters now lives
    (None when it is current): see docs/search.md."""
    params = params.copy()
    changed = False
    sorts = params.getlist("sort")
    if any("," in sort for sort in sorts):  # the list's former order by several fields: the first is kept
        params.setlist("sort", [sort.split(",")[0].strip() for sort in sorts])
        changed = True
    if view == "documents" and "q" in params:  # the list's former words in the title or summary
        if any(value.strip() for value in params.getlist("q")):
            return to_list("search") + _link(_pairs(params))
        params.pop("q")
        changed = True
    return reverse(f"archive:{view}") + (_link(_pairs(params)) if params else "") if changed else None


def documents_naming(entity) -> str:
    """The path of the list of the documents naming entity."""
    return to_list(**{entity.kind: entity.pk})
