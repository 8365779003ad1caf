"""The pages that list documents through the one pipeline (archive/listing.py): the list, search, a collection."""

from django.shortcuts import redirect
from django.views.generic import TemplateView

from archive import links
from archive.listing import list_documents
from archive.search import SORTS


class ListingView(TemplateView):
    """A page of documents: the request's filters, query, order and page, with the links to change them."""

    view_name = ""  # of the URL, whose requests in an old form are redirected
    sort: str | None = "relevance"  # when none is asked for
    with_facets = False

    def documents(self):
        """The documents listed before any filter (None: every published document)."""
        return None

    def get(self, request, *args, **kwargs):
        moved = links.current_form(request.GET, self.view_name) if self.view_name else None
        if moved:
            return redirect(moved, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        listing = list_documents(
            self.request.GET, documents=self.documents(), sort=self.sort, with_facets=self.with_facets
        )
        params = listing.params
        return super().get_context_data(
            listing=listing,
            filter=listing.filterset,
            page_obj=listing.page,
            rows=listing.rows,
            notes=listing.notes,
            sort=listing.sort,
            sorts=SORTS,
            active_filters=links.active_filters(params, listing.filterset.chosen()),
            without_filters=links.without_filters(params),
            facets=links.linked_facets(listing.facets, params),
            **kwargs,
        )
