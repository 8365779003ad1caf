"""The one way to ask for documents: filter, search, order, count facets, and take a page.

The document list (no query, in date order), the search page and a collection's page all call
list_documents with the request's parameters; the pages differ only in their defaults and in
what they show of the Listing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, QueryDict

from archive.filters import DocumentFilter
from archive.models import Document
from archive.search import Results, Snippet, search
from archive.search.facets import Facet, facet_scope, facets


@dataclass(frozen=True)
class Row:
    """A document in a list, with the words around what a search matched."""

    document: Document
    snippet: Snippet | None = None


@dataclass
class Listing:
    params: QueryDict  # the request's parameters that were understood, the page aside
    filterset: DocumentFilter
    notes: list[str]  # what was ignored, and why
    results: Results
    sort: str | None
    page: Page
    rows: list[Row]
    facets: list[Facet]
    facets_sampled: int | None  # the size of the sample facets were counted over, if they were

    @property
    def searched(self) -> bool:
        return not self.results.query.is_empty

    @property
    def ranked_within(self) -> int | None:
        return self.results.ranked_within if self.sort == "relevance" else None


def list_documents(
    params: QueryDict,
    *,
    documents: QuerySet | None = None,
    sort: str | None = "relevance",
    with_facets: bool = False,
    per_page: int = settings.PLENUM_PAGE_SIZE,
) -> Listing:
    """A page of the published documents (or of documents, already public) that the parameters ask for.

    sort: the order when none is asked for (None: the order of documents); with_facets: count the
    facets of the matches (of the first SAMPLE of them, in order)."""
    filterset, notes = DocumentFilter.lenient(params, Document.objects.published() if documents is None else documents)
    narrowed = filterset.qs.for_lists()  # validates the filters
    # Unfiltered, the search reads the index alone, which counts and ranks faster.
    whole = documents is None and not filterset.chosen()
    results = search(params.get("q", ""), None if whole else narrowed)
    sort = filterset.order or sort
    ordered = results.ordered(sort)
    scope, sampled = facet_scope(ordered) if with_facets else ([], None)  # first: it ranks the longest prefix
    page = page_or_404(Paginator(ordered, per_page), params.get("page"))
    shown = list(page.object_list)
    snippets = results.snippets(shown) if not results.query.is_empty else {}
    kept = filterset.data.copy()
    kept.pop("page", None)
    return Listing(
        params=kept,
        filterset=filterset,
        notes=[*results.query.notes, *notes],
        results=results,
        sort=sort,
        page=page,
        rows=[Row(document, snippets.get(document.pk)) for document in shown],
        facets=facets(scope, filterset.form.cleaned_data.get("decade") or "") if with_facets else [],
        facets_sampled=sampled,
    )


def page_or_404(paginator: Paginator, number: str | None) -> Page:
    """The page asked for, answered as every list answers it: "last" is the last page, and a page past
    the end or not a number is not found (404)."""
    if number == "last":
        number = paginator.num_pages
    try:
        return paginator.page(number or 1)
    except InvalidPage as error:
        raise Http404(f"No page {number} of these results: {error}") from error
