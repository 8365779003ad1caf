"""The search page: a reader's query, ranked results with snippets, facets and active filters."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import TemplateView

from archive.filters import SearchFilter
from archive.models import Document
from archive.search import SORTS, search
from archive.search.facets import facet_scope, facets


class SearchView(TemplateView):
    template_name = "archive/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filterset, notes = SearchFilter.lenient(params, Document.objects.published())
        narrowed = filterset.qs.for_lists()  # validates the filters
        active_filters = filterset.active_filters()
        results = search(params.get("q", ""), narrowed if active_filters else None)
        sort = params.get("sort") or "relevance"
        if sort not in SORTS:
            notes.append("That order is unknown; results are in order of relevance.")
            sort = "relevance"
        ordered = results.ordered(sort)
        scope, sampled = facet_scope(ordered)  # first: it ranks the longest prefix, which the page reuses
        page = page_or_404(Paginator(ordered, settings.PLENUM_PAGE_SIZE), params.get("page"))
        documents = list(page.object_list)
        snippets = results.snippets(documents)
        kept = filterset.data.copy()
        kept.pop("page", None)
        context.update(
            q=params.get("q", ""),
            query=results.query,
            notes=[*results.query.notes, *notes],
            sort=sort,
            sorts=SORTS,
            page_obj=page,
            results=[(document, snippets[document.pk]) for document in documents],
            facets=facets(scope, kept),
            facets_sampled=sampled,
            ranked_within=results.ranked_within if sort == "relevance" else None,
            active_filters=active_filters,
            hidden_filters=[
                (name, value) for name in kept for value in kept.getlist(name) if name not in ("q", "sort")
            ],
            query_without_page=kept.urlencode(),
            searched=bool(results.query.groups or results.query.excluded),
        )
        return context


def page_or_404(paginator: Paginator, number: str | None):
    """The page asked for, answered as every list answers it: "last" is the last page, and a page past
    the end or not a number is not found (404)."""
    if number == "last":
        number = paginator.num_pages
    try:
        return paginator.page(number or 1)
    except InvalidPage as error:
        raise Http404(f"No page {number} of these results: {error}") from error
