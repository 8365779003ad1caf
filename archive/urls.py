from django.contrib import admin
from django.urls import include, path, register_converter

from archive.views import browse, documents, entities, search


class SegmentConverter:
    regex = "persons|organizations|places|events|topics"

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
    path("documents/<int:record>/<path:rest>", documents.document_variant, name="document-variant"),
    path("collections/", documents.CollectionListView.as_view(), name="collections"),
    path("collections/<slug:slug>/", documents.CollectionDetailView.as_view(), name="collection"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("browse/dates/", browse.BrowseDatesView.as_view(), name="browse-dates"),
    path("events/timeline/", browse.TimelineView.as_view(), name="timeline"),
    path("conventions/", browse.ConventionsView.as_view(), name="conventions"),
    path("<segment:segment>/", entities.EntityIndexView.as_view(), name="entity-index"),
    path("<segment:segment>/<int:pk>/", entities.EntityDetailView.as_view(), name="entity"),
    path("<segment:segment>/<int:pk>/card/", entities.EntityCardView.as_view(), name="entity-card"),
    path("<segment:segment>/<int:pk>/<path:rest>", entities.entity_variant, name="entity-variant"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((archive_patterns, "archive"))),
]
