"""Curators' pages for documents, their texts, mentions, provenance, sources and collections."""

from functools import update_wrapper

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin

from archive import history, publishing
from archive.duplicates import store_sketch
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
from archive.search import index_document, refresh_publication
from archive.texts import check_source, refresh_text

from . import importing
from .supplied import SUPPLIED_FIELDSET, DocumentForm


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


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), help_text="Shown to readers at the record's address."
    )
    title_withheld = forms.BooleanField(required=False, label="Withhold the title from the tombstone")


class EmbargoForm(forms.Form):
    until = forms.DateField(
        required=False,
        label="Public from",
        help_text="YYYY-MM-DD. Nothing of the documents shows before that day; leave empty to lift the embargo.",
    )


class TextInline(admin.StackedInline):
    model = Text
    form = TextForm
    extra = 0
    fields = ("order", "language", "text_type", "source", "preview")
    readonly_fields = ("preview",)

    @admin.display(description="reading form")
    def preview(self, obj):
        if not obj.pk or not obj.rendered:  # a new text, or one of an earlier version (rendered when brought back)
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
            match = request.resolver_match  # the change page names the document; a history version's page too
            document_id = match.kwargs.get("object_id") or next(iter(match.args), None)
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
class DocumentAdmin(VersionAdmin):
    form = DocumentForm
    list_display = (
        "record", "title", "doc_type", "date_display", "language", "source", "status", "embargo_until", "modified",
    )  # fmt: skip
    list_display_links = ("record", "title")
    list_filter = ("status", "doc_type", "language", "source", "collections")
    search_fields = ("=record", "title", "summary")
    list_select_related = ("source",)
    readonly_fields = ("record", "created", "modified")
    autocomplete_fields = ("related",)
    inlines = [TextInline, MentionInline, ProvenanceInline, CollectionItemInline]
    save_on_top = True
    actions = ("publish", "embargo", "withdraw", "return_to_draft")
    fieldsets = (
        (None, {"fields": ("record", "title", "slug", "status", "doc_type", "summary")}),
        ("Publication", {"fields": ("embargo_until", "withdrawn", "withdrawal_reason", "title_withheld")}),
        ("Date", {"fields": ("date_edtf", "date_written")}),
        ("Language and marks", {"fields": ("language", "original_language", "classification")}),
        ("Source and rights", {"fields": ("source", "source_url", "rights", "rights_notice")}),
        ("Relations and notes", {"fields": ("related", "curator_note", "created", "modified")}),
        SUPPLIED_FIELDSET,
    )

    change_list_template = "admin/archive/document/change_list.html"
    history_latest_first = True

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
        updated = publishing.publish(_ids(queryset), user=request.user)
        self.message_user(request, f"{updated} document(s) published (an embargo already set still applies).")

    @admin.action(description="Embargo the selected documents until a date…")
    def embargo(self, request, queryset):
        form = EmbargoForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._ask(request, queryset, form, "embargo", "Embargo")
        until = form.cleaned_data["until"]
        updated = publishing.embargo(_ids(queryset), until, user=request.user)
        shown = f"under embargo until {until.isoformat()}" if until else "free of embargo"
        self.message_user(request, f"{updated} document(s) {shown}.")
        return None

    @admin.action(description="Withdraw the selected documents, with a reason…")
    def withdraw(self, request, queryset):
        form = WithdrawForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._ask(request, queryset, form, "withdraw", "Withdraw")
        updated = publishing.withdraw(
            _ids(queryset),
            form.cleaned_data["reason"],
            title_withheld=form.cleaned_data["title_withheld"],
            user=request.user,
        )
        self.message_user(request, f"{updated} document(s) withdrawn: their addresses answer with a tombstone.")
        return None

    @admin.action(description="Return the selected documents to draft")
    def return_to_draft(self, request, queryset):
        updated = publishing.return_to_draft(_ids(queryset), user=request.user)
        self.message_user(request, f"{updated} document(s) set to draft.")

    def _ask(self, request, queryset, form, action: str, title: str):
        """The intermediate page of an action that needs more than the selection."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "action": action,
            "documents": list(queryset),
        }
        return TemplateResponse(request, "admin/archive/document/publication_form.html", context)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Text:
            for text in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                refresh_text(text)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        history.after_admin_revert(request)  # when a version was brought back: its texts rendered again
        plains = form.instance.texts.order_by("order").values_list("plain", flat=True)
        store_sketch(form.instance, list(plains))  # the duplicate check compares imports with the texts as edited
        if {"status", "embargo_until"} & set(form.changed_data):
            refresh_publication([form.instance.pk])
        else:
            index_document(form.instance)


@admin.register(Source)
class SourceAdmin(VersionAdmin):
    list_display = ("name", "url")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(RightsStatement)
class RightsStatementAdmin(VersionAdmin):
    list_display = ("label", "code", "uri")
    search_fields = ("label", "code", "uri")


@admin.register(Collection)
class CollectionAdmin(VersionAdmin):
    list_display = ("name", "slug", "modified")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CollectionItemInline]
    readonly_fields = ("created", "modified")


def _ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))  # before the update, which may take them out of queryset
