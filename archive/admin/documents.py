"""Curators' pages for documents, their texts, mentions, provenance, sources and collections."""

from functools import update_wrapper

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from archive.models import (
    Collection,
    CollectionItem,
    Document,
    Mention,
    ProvenanceStep,
    RightsStatement,
    Source,
    Text,
)
from archive.search import index_document, refresh
from archive.texts import check_source, refresh_text

from . import importing


class TextForm(forms.ModelForm):
    class Meta:
        model = Text
        fields = ("order", "language", "text_type", "source")
        widgets = {"source": forms.Textarea(attrs={"rows": 16, "cols": 100, "class": "vLargeTextField"})}

    def clean_source(self):
        source = self.cleaned_data["source"]
        problems = check_source(source)
        if problems:
            raise forms.ValidationError([f"line {p}" for p in problems])
        return source


class TextInline(admin.StackedInline):
    model = Text
    form = TextForm
    extra = 0
    fields = ("order", "language", "text_type", "source", "preview")
    readonly_fields = ("preview",)

    @admin.display(description="reading form")
    def preview(self, obj):
        if not obj.pk:
            return "Shown after saving."
        # The rendered form is built by the renderer, which escapes every character of the source.
        return format_html('<div class="plenum-preview">{}</div>', mark_safe(obj.rendered))


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ("entity", "role", "text", "quote", "start", "end")
    readonly_fields = ("quote", "start", "end")
    autocomplete_fields = ("entity",)
    show_change_link = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "text":
            document_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Text.objects.filter(document_id=document_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entity", "text")


class ProvenanceInline(admin.TabularInline):
    model = ProvenanceStep
    extra = 0
    fields = ("order", "activity", "agent", "agent_name", "date_edtf", "citation", "place", "url", "note")
    autocomplete_fields = ("agent",)


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    autocomplete_fields = ("collection", "document")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("record", "title", "doc_type", "date_display", "language", "source", "status", "modified")
    list_display_links = ("record", "title")
    list_filter = ("status", "doc_type", "language", "source", "collections")
    search_fields = ("=record", "title", "summary")
    list_select_related = ("source",)
    readonly_fields = ("record", "created", "modified")
    autocomplete_fields = ("related",)
    inlines = [TextInline, MentionInline, ProvenanceInline, CollectionItemInline]
    save_on_top = True
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("record", "title", "slug", "status", "doc_type", "summary")}),
        ("Date", {"fields": ("date_edtf", "date_written")}),
        ("Language and marks", {"fields": ("language", "original_language", "classification")}),
        ("Source and rights", {"fields": ("source", "source_url", "rights", "rights_notice")}),
        ("Relations and notes", {"fields": ("related", "curator_note", "created", "modified")}),
    )

    change_list_template = "admin/archive/document/change_list.html"

    def get_urls(self):
        def wrap(view):  # update_wrapper passes on csrf_exempt: those views check CSRF themselves
            bound = update_wrapper(lambda request, **kwargs: view(self, request, **kwargs), view)
            return self.admin_site.admin_view(bound)

        return [
            path("import/", wrap(importing.upload_view), name="archive_document_import"),
            path("import/<uuid:batch>/", wrap(importing.preview_view), name="archive_document_import_preview"),
            *super().get_urls(),
        ]

    @admin.display(description="date", ordering="date_start")
    def date_display(self, obj):
        return obj.date_display

    @admin.action(description="Publish the selected documents")
    def publish(self, request, queryset):
        updated = _set_status(queryset, Document.Status.PUBLISHED)
        self.message_user(request, f"{updated} document(s) published.")

    @admin.action(description="Withdraw the selected documents to draft")
    def unpublish(self, request, queryset):
        updated = _set_status(queryset, Document.Status.DRAFT)
        self.message_user(request, f"{updated} document(s) set to draft.")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Text:
            for text in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                refresh_text(text)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_document(form.instance)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "url")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(RightsStatement)
class RightsStatementAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "uri")
    search_fields = ("label", "code", "uri")


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "modified")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CollectionItemInline]
    readonly_fields = ("created", "modified")


def _set_status(queryset, status: str) -> int:
    """Set the documents' status and bring their search rows in step; return how many there were."""
    ids = list(queryset.values_list("pk", flat=True))  # before the update, which may take them out of queryset
    updated = Document.objects.filter(pk__in=ids).update(status=status)
    refresh(ids)
    return updated
