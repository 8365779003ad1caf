"""Sitemaps of every published document, every entity they name and every collection.

Each section is split into pages of at most `limit` addresses, listed by the sitemap index.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from archive.models import Collection, Document, Entity, Mention

PAGE = 10000


class DocumentSitemap(Sitemap):
    limit = PAGE

    def items(self):
        return Document.objects.published().only("record", "modified").order_by("record")

    def lastmod(self, item):
        return item.modified


class EntitySitemap(Sitemap):
    limit = PAGE

    def items(self):
        named = Mention.objects.filter(entity=OuterRef("pk"), document__in=Document.objects.published())
        return Entity.objects.current().filter(Exists(named)).only("pk", "kind", "modified").order_by("pk")

    def lastmod(self, item):
        return item.modified


class CollectionSitemap(Sitemap):
    limit = PAGE

    def items(self):
        published = Document.objects.published().filter(collection_items__collection=OuterRef("pk"))
        return Collection.objects.filter(Exists(published)).order_by("slug")

    def lastmod(self, item):
        return item.modified


SITEMAPS = {"documents": DocumentSitemap, "entities": EntitySitemap, "collections": CollectionSitemap}
