from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter

from archive.feeds import CollectionFeed, DocumentsFeed, EntityFeed
from archive.kinds import KINDS
from archive.sitemaps import SITEMAPS
from archive.views import annotations, api, browse, citing, crawlers, data, documents, entities, oai, search, tei


class SegmentConverter:
    regex = "|".join(kind.segment for kind in KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SegmentConverter, "segment")

admin.site.site_header = "Plenum administration"
admin.site.site_title = "Plenum"
admin.site.index_title = "Documents, entities and imports"


archive_patterns = [
    path("", documents.HomeView.as_view(), name="home"),
    path("documents/", documents.DocumentListView.as_view(), name="documents"),
    path("documents/<int:record>/", documents.DocumentDetailView.as_view(), name="document"),
    path("documents/<int:record>/cite.bib", citing.CitationDownloadView.as_view(format="bib"), name="cite-bib"),
    path("documents/<int:record>/cite.ris", citing.CitationDownloadView.as_view(format="ris"), name="cite-ris"),
    path("documents/<int:record>/cite.json", citing.CitationDownloadView.as_view(format="json"), name="cite-json"),
    path("documents/<int:record>/tei.xml", tei.TeiView.as_view(), name="tei"),
    path("documents/<int:record>/annotations.jsonld", annotations.annotation_page, name="annotations"),
    path("api/documents/", api.documents, name="api-documents"),
    path("api/documents/<int:record>/", api.document, name="api-document"),
    path("api/entities/", api.entities, name="api-entities"),
    path("api/entities/<int:pk>/", api.entity, name="api-entity"),
    path("api/collections/", api.collections, name="api-collections"),
    path("api/sources/", api.sources, name="api-sources"),
    path("data/plenum-dataset.zip", data.dataset_download, name="dataset"),
    path("documents/<int:record>/<path:rest>", documents.document_variant, name="document-variant"),
    path("collections/", documents.CollectionListView.as_view(), name="collections"),
    path("collections/<slug:slug>/", documents.CollectionDetailView.as_view(), name="collection"),
    path("collections/<slug:slug>/feed/", CollectionFeed(), name="collection-feed"),
    path("feeds/documents/", DocumentsFeed(), name="documents-feed"),
    path("robots.txt", crawlers.RobotsView.as_view(), name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "archive:sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("browse/dates/", browse.BrowseDatesView.as_view(), name="browse-dates"),
    path("events/timeline/", browse.TimelineView.as_view(), name="timeline"),
    path("conventions/", browse.ConventionsView.as_view(), name="conventions"),
    path("<segment:segment>/", entities.EntityIndexView.as_view(), name="entity-index"),
    path("<segment:segment>/<int:pk>/", entities.EntityDetailView.as_view(), name="entity"),
    path("<segment:segment>/<int:pk>/feed/", EntityFeed(), name="entity-feed"),
    path("<segment:segment>/<int:pk>/card/", entities.EntityCardView.as_view(), name="entity-card"),
    path("<segment:segment>/<int:pk>/<path:rest>", entities.entity_variant, name="entity-variant"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("oai/", oai.oai, name="oai"),
    path("", include((archive_patterns, "archive"))),
]
