"""Curators' pages for entities: all of them together, and a page for each kind (archive.kinds)."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.template.response import TemplateResponse
from reversion.admin import VersionAdmin

from archive import history
from archive.kinds import KINDS, EntityKind
from archive.merging import merge_entities
from archive.models import PROXIES, Entity, EntityName


class EntityNameInline(admin.TabularInline):
    model = EntityName
    extra = 1
    fields = ("name", "note", "document")
    readonly_fields = ("document",)


@admin.register(Entity)
class EntityAdmin(VersionAdmin):
    """All entities together: used by autocomplete fields and for finding any record."""

    list_display = ("name", "kind", "key", "date_edtf", "wikidata")
    list_filter = ("kind",)
    search_fields = ("name", "names__name", "slug", "description")
    readonly_fields = ("created", "modified")
    inlines = [EntityNameInline]
    fieldsets = (
        (None, {"fields": ("kind", "name", "sort_name", "slug", "description")}),
        ("Dates and authorities", {"fields": ("date_edtf", "wikidata", "viaf")}),
        *((kind.plural, {"fields": kind.own_fields, "classes": ("collapse",)}) for kind in KINDS if kind.own_fields),
        ("Record", {"fields": ("created", "modified")}),
    )
    autocomplete_fields = ("place", "organizations")
    actions = ("merge",)
    history_latest_first = True

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if (getattr(request.resolver_match, "url_name", "") or "").endswith(("_history", "_revision")):
            return queryset  # a merged record's history too: reverting it to a version before the merge undoes it
        return queryset.filter(merged_into__isnull=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        history.after_admin_revert(request)  # when a version was brought back: the texts naming it rendered again

    @admin.display(description="key")
    def key(self, obj):
        return obj.key

    @admin.action(description="Merge the selected entities into one", permissions=["change"])
    def merge(self, request, queryset):
        entities = list(queryset.order_by("pk"))
        if len(entities) < 2 or len({e.kind for e in entities}) > 1:
            self.message_user(request, "Select two or more entities of the same kind to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("survivor")
        if chosen and request.POST.get("confirm"):
            survivor = next((e for e in entities if str(e.pk) == chosen), None)
            if survivor is None:
                self.message_user(request, "Choose which entity remains.", messages.ERROR)
                return None
            others = [e for e in entities if e.pk != survivor.pk]
            merge_entities(survivor, others, user=request.user)
            names = ", ".join(f"{o.name} ({o.key})" for o in others)
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=[survivor],
                action_flag=CHANGE,
                change_message=f"Merged into this record: {names}",
                single_object=True,
            )
            self.message_user(request, f"Merged {names} into {survivor.name}; their addresses now redirect here.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge entities",
            "entities": entities,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/archive/merge_entities.html", context)


class KindAdmin(EntityAdmin):
    """The entities of one kind, without the fields other kinds fill in."""

    list_filter = ()
    list_display = ("name", "key", "date_edtf", "wikidata")


def kind_fieldsets(kind: EntityKind) -> tuple:
    """The form of one kind: its own fields (an event's place and organizations) beside its date."""
    named = (None, {"fields": ("name", "sort_name", "slug", "description")})
    record = ("Record", {"fields": ("created", "modified")})
    if not kind.own_fields:
        return (named, ("Dates and authorities", {"fields": ("date_edtf", "wikidata", "viaf")}), record)
    return (
        named,
        ("When, where, who", {"fields": ("date_edtf", *kind.own_fields)}),
        ("Authorities", {"fields": ("wikidata", "viaf")}),
        record,
    )


def kind_admin(kind: EntityKind) -> type[KindAdmin]:
    """The admin of one kind's proxy: PersonAdmin for persons."""
    return type(f"{kind.model_name}Admin", (KindAdmin,), {"__module__": __name__, "fieldsets": kind_fieldsets(kind)})


for kind in KINDS:
    admin.site.register(PROXIES[kind.name], kind_admin(kind))
