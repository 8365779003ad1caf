"""Atom feeds of newly published documents: the whole archive, one collection, one entity."""

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive import kinds
from archive.models import Collection, Document, Entity, Mention

FEED_LENGTH = 50


class DocumentsFeed(Feed):
    """The documents added to the archive most recently, newest first."""

    feed_type = Atom1Feed
    title = "Plenum: new documents"
    subtitle = "Documents newly published in Plenum, an archive of annotated historical documents."

    def link(self, obj=None):
        return reverse("archive:documents")

    def documents(self, obj):
        return Document.objects.published()

    def items(self, obj=None):
        return self.documents(obj).for_lists().order_by("-created", "-record")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.date_display})"

    def item_description(self, item):
        return item.summary or None

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.modified

    def item_categories(self, item):
        return [item.get_doc_type_display()]


class CollectionFeed(DocumentsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Collection.objects.public(), slug=slug)

    def title(self, obj):
        return f"Plenum: new documents in {obj.name}"

    def subtitle(self, obj):
        return obj.description or f"Documents newly published in the collection {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        return Document.objects.published().filter(collection_items__collection=obj)


class EntityFeed(DocumentsFeed):
    def get_object(self, request, segment, pk):
        kind = kinds.BY_SEGMENT[segment].name
        return get_object_or_404(Entity.objects.current().public(), pk=pk, kind=kind)

    def title(self, obj):
        return f"Plenum: new documents naming {obj.name}"

    def subtitle(self, obj):
        return f"Documents newly published in Plenum that name {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        named = Mention.objects.filter(document=OuterRef("pk"), entity=obj)
        return Document.objects.published().filter(Exists(named))
