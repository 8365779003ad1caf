"""The search page: a reader's query, ranked results with snippets, facets and active filters."""

from archive import links

from .listing import ListingView


class SearchView(ListingView):
    template_name = "archive/search.html"
    view_name = "search"
    with_facets = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listing = context["listing"]
        params = listing.params
        context.update(
            q=params.get("q", ""),
            query=listing.results.query,
            facets_sampled=listing.facets_sampled,
            ranked_within=listing.ranked_within,
            hidden_filters=links.carried(params),
            searched=listing.searched,
        )
        return context
