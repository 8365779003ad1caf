"""Curators' pages for persons, organizations, places, events and topics."""

from django.contrib import admin

from archive.models import Entity, EntityName, Event, Organization, Person, Place, Topic


class EntityNameInline(admin.TabularInline):
    model = EntityName
    extra = 1
    fields = ("name", "note")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    """All entities together: used by autocomplete fields and for finding any record."""

    list_display = ("name", "kind", "key", "date_edtf", "wikidata")
    list_filter = ("kind",)
    search_fields = ("name", "names__name", "slug", "description")
    readonly_fields = ("created", "modified")
    inlines = [EntityNameInline]
    fieldsets = (
        (None, {"fields": ("kind", "name", "sort_name", "slug", "description")}),
        ("Dates and authorities", {"fields": ("date_edtf", "wikidata", "viaf")}),
        ("Events", {"fields": ("place", "organizations"), "classes": ("collapse",)}),
        ("Record", {"fields": ("created", "modified")}),
    )
    autocomplete_fields = ("place", "organizations")

    @admin.display(description="key")
    def key(self, obj):
        return obj.key


class KindAdmin(EntityAdmin):
    list_filter = ()
    fieldsets = (
        (None, {"fields": ("name", "sort_name", "slug", "description")}),
        ("Dates and authorities", {"fields": ("date_edtf", "wikidata", "viaf")}),
        ("Record", {"fields": ("created", "modified")}),
    )
    list_display = ("name", "key", "date_edtf", "wikidata")


@admin.register(Person)
class PersonAdmin(KindAdmin):
    pass


@admin.register(Organization)
class OrganizationAdmin(KindAdmin):
    pass


@admin.register(Place)
class PlaceAdmin(KindAdmin):
    pass


@admin.register(Topic)
class TopicAdmin(KindAdmin):
    pass


@admin.register(Event)
class EventAdmin(KindAdmin):
    fieldsets = (
        (None, {"fields": ("name", "sort_name", "slug", "description")}),
        ("When, where, who", {"fields": ("date_edtf", "place", "organizations")}),
        ("Authorities", {"fields": ("wikidata", "viaf")}),
        ("Record", {"fields": ("created", "modified")}),
    )
