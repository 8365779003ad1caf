"""Reading pages: home, document list, document, collections."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView

from archive.kinds import KINDS
from archive.models import Collection, Document, Entity, RecordNumber
from archive.models.documents import reading_page

from .caching import DETAIL_MAX_AGE, LIST_MAX_AGE, conditional_on, public
from .citing import citation_context
from .listing import ListingView

cache_list = method_decorator(public(LIST_MAX_AGE), name="dispatch")


@cache_list
class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Document.objects.published()
        entities = Entity.objects.current().public().order_by()
        counts = dict(entities.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
        context.update(
            document_count=published.count(),
            entity_counts=[
                (kind.segment, kind.counted(counts.get(kind.name, 0)), counts.get(kind.name, 0)) for kind in KINDS
            ],
            collections=Collection.objects.with_public_counts().filter(document_count__gt=0),
            latest=published.for_lists().order_by("-created")[:10],
        )
        return context


@cache_list
class DocumentListView(ListingView):
    """Every published document, in date order, narrowed by the same filters as search."""

    template_name = "archive/document_list.html"
    view_name = "documents"
    sort = "date"


def reading_page_changed(record: int, request, **_):
    """When the document's page last changed, from the document's row, which is kept for the view."""
    request.reading_document = reading_page(record)
    return request.reading_document.page_changed_at if request.reading_document else None


@method_decorator(public(DETAIL_MAX_AGE), name="dispatch")
@method_decorator(conditional_on(reading_page_changed), name="get")
class DocumentDetailView(DetailView):
    template_name = "archive/document_detail.html"
    context_object_name = "document"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return gone(request, kwargs["record"])

    def get_object(self, queryset=None):
        document = getattr(self.request, "reading_document", None)  # read for the conditional GET
        if document is None:
            raise Http404("No such document.")
        return document.prefetch_reading_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["permalink"] = self.request.build_absolute_uri(document.get_absolute_url())
        context["texts"] = list(document.texts.all())
        context["entities_by_role"] = document.entities_by_role()
        context.update(citation_context(self.request, document))
        return context


def gone(request, record: int):
    """410 for a withdrawn record (its tombstone) or a deleted one; otherwise Http404."""
    withdrawn = Document.objects.withdrawn().filter(record=record).first()
    if withdrawn:
        return render(request, "archive/withdrawn.html", {"tombstone": withdrawn}, status=410)
    if RecordNumber.objects.filter(number=record).exists() and not Document.objects.filter(record=record).exists():
        return render(request, "410.html", {"record": record}, status=410)
    raise Http404("No such document.")


def document_variant(request, record: int, rest: str = ""):
    """Any longer form of a document's URL (a slug, an old slug) points for good to the canonical one."""
    document = Document.objects.published().filter(record=record).first()
    if document is None:
        return gone(request, record)
    return redirect(document, permanent=True)


@cache_list
class CollectionListView(ListView):
    template_name = "archive/collection_list.html"
    context_object_name = "collections"
    paginate_by = 50

    def get_queryset(self):
        return Collection.objects.with_public_counts().filter(document_count__gt=0).order_by("name")


@cache_list
class CollectionDetailView(ListingView):
    """The collection's published documents in the collection's order (the filters of the list apply)."""

    template_name = "archive/collection_detail.html"
    sort = None

    def documents(self):
        self.collection = get_object_or_404(Collection.objects.public(), slug=self.kwargs["slug"])
        return (
            Document.objects.published()
            .filter(collection_items__collection=self.collection)
            .order_by("collection_items__order", "record")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["collection"] = self.collection
        return context
