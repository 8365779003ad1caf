"""The curators' import pages: upload, preview, confirm. Nothing is written before confirmation."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from archive.annotated import parse
from archive.importing import import_file
from archive.models import StagedFile
from archive.previews import annotated_text, compare_with_existing, preview, suggestions_for
from archive.uploads import (
    MAX_FILE_BYTES,
    MAX_FILES,
    LimitedUploadHandler,
    limit_for,
    read_limited,
    read_uploads,
    too_large,
)

STAGING_HOURS = 24


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        """The chosen files, each judged later on its own: an empty one is refused alone."""
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text=(
            f"Annotated-text files (.txt) or a .zip of them; up to {MAX_FILES} files of "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB each. A file that does not begin with the format "
            "line 'AAT/1' is read as a web page and drafted."
        ),
    )
    raw = forms.BooleanField(
        required=False,
        label="These are web pages as copied (Wilson Center, KCNA, archival transcripts): turn them into drafts",
    )


def _context(admin, request, **extra):
    return {**admin.admin_site.each_context(request), "opts": admin.model._meta, **extra}


def _check(admin, request):
    if not admin.has_add_permission(request) or not admin.has_change_permission(request):
        raise PermissionDenied


def _body_too_large(request) -> str:
    """Read the request body under the upload limits; what went past one, in the curator's words."""
    try:
        request.POST, request.FILES  # noqa: B018 (parsed here, before the CSRF check reads them)
    except TooManyFilesSent:
        return f"At most {MAX_FILES} files can be imported at once, and more were chosen: import them in several goes."
    except (RequestDataTooBig, TooManyFieldsSent):
        return (
            f"The form sent more than {_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} of text or too many fields: "
            "import fewer files at once, or edit them one batch at a time."
        )
    return ""


def _csrf_refusal(request):
    """The CSRF check the admin would have made, made after the body was read safely (None if it passes)."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


def _too_big_to_send(request) -> str:
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.PLENUM_UPLOAD_MAX_BYTES:
        return (
            f"The upload weighs {_size(length)}; at most {_size(settings.PLENUM_UPLOAD_MAX_BYTES)} "
            "can be sent at once: import the files in several goes."
        )
    return ""


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.0f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


@csrf_exempt  # the CSRF check is made in the view, once the body has been read under the limits
def upload_view(admin, request):
    _check(admin, request)
    if request.method != "POST":
        return _upload_page(admin, request, UploadForm())
    problem = _too_big_to_send(request)
    handler = LimitedUploadHandler(request)
    if not problem:
        request.upload_handlers.insert(0, handler)  # each file counted as it arrives
        problem = _body_too_large(request)
    if problem:
        return _upload_page(admin, request, UploadForm(), problem=problem)
    refusal = _csrf_refusal(request)
    if refusal:
        return refusal
    form = UploadForm(request.POST, request.FILES)
    form.fields["files"].required = not handler.refused  # files refused while arriving are shown too
    if not form.is_valid():
        return _upload_page(admin, request, form)
    cutoff = timezone.now() - datetime.timedelta(hours=STAGING_HOURS)
    StagedFile.objects.filter(created__lt=cutoff).delete()
    files, refused = [], list(handler.refused)
    for chosen in form.cleaned_data["files"]:
        data = read_limited(chosen, limit_for(chosen.name))
        if data is None:
            refused.append(too_large(chosen.name, limit_for(chosen.name)))
        else:
            files.append((chosen.name, data))
    uploads = read_uploads(files) + refused
    if not uploads:
        form.add_error("files", "No file was received.")
        return _upload_page(admin, request, form)
    staged = [
        StagedFile(
            user=request.user,
            order=order,
            name=upload.name,
            text=upload.text,
            error=upload.error,
            is_raw=form.cleaned_data["raw"],
        )
        for order, upload in enumerate(uploads)
    ]
    batch = staged[0].batch
    for item in staged:
        item.batch = batch
    StagedFile.objects.bulk_create(staged)
    return redirect("admin:archive_document_import_preview", batch=batch)


def _upload_page(admin, request, form, problem: str = ""):
    context = _context(admin, request, title="Import texts", form=form, problem=problem)
    return TemplateResponse(request, "admin/archive/document/import_upload.html", context)


def _batch(request, batch):
    return list(StagedFile.objects.filter(batch=batch, user=request.user))


@csrf_exempt  # the CSRF check is made in the view, once the body has been read under the limits
def preview_view(admin, request, batch):
    _check(admin, request)
    if request.method == "POST":
        problem = _body_too_large(request)
        if problem:
            messages.error(request, f"{problem} Nothing was changed.")
            return redirect("admin:archive_document_import_preview", batch=batch)
        refusal = _csrf_refusal(request)
        if refusal:
            return refusal
    staged = _batch(request, batch)
    if not staged:
        messages.warning(request, "That upload has expired or was already imported; upload the files again.")
        return redirect("admin:archive_document_import")
    if request.method == "POST" and "revise" in request.POST:
        _revise(request, staged)
        return redirect("admin:archive_document_import_preview", batch=batch)
    if request.method == "POST":
        return _confirm(admin, request, staged)
    previews = [preview(s.pk, s.name, s.text, is_raw=s.is_raw, error=s.error) for s in staged]
    context = _context(
        admin,
        request,
        title="Preview the import",
        previews=previews,
        importable=sum(p.importable for p in previews),
    )
    return TemplateResponse(request, "admin/archive/document/import_preview.html", context)


def _revise(request, staged: list[StagedFile]) -> None:
    """Keep the curator's edits of the annotated texts; an edited raw page is a draft from now on."""
    for item in staged:
        text = request.POST.get(f"text-{item.pk}")
        if text is None or item.error:
            continue
        text = text.replace("\r\n", "\n")
        if "\x00" in text:
            messages.error(request, f"The edited text of {item.name} holds a NUL character; the edit was not kept.")
            continue
        current, _ = annotated_text(item.text, item.is_raw)
        if text != current:
            item.text, item.is_raw = text, False
            item.save(update_fields=["text", "is_raw"])


def _accepted(request, staged: StagedFile, text: str) -> list:
    """The suggestions the curator ticked for this file, recomputed from the same text."""
    ticked = set(request.POST.getlist(f"suggestion-{staged.pk}"))
    if not ticked:
        return []
    return [s for s in suggestions_for(text) if f"{s.line}:{s.column}:{s.key}" in ticked]


def _confirm(admin, request, staged: list[StagedFile]):
    _revise(request, staged)  # edits typed since the last preview are not silently dropped
    chosen = set(request.POST.getlist("file"))
    status = "published" if request.POST.get("status") == "published" else "draft"
    results = []
    for item in staged:
        if str(item.pk) not in chosen or item.error:
            continue
        text, _ = annotated_text(item.text, item.is_raw)
        accepted = _accepted(request, item, text)
        if accepted:
            from archive.annotated.suggest import apply

            text = apply(text, accepted)
        into_record, duplicates = _duplicate_choice(request, item)
        _, before, _ = compare_with_existing(parse(text), into_record)
        report = import_file(
            text.encode("utf-8"),
            name=item.name,
            status=status,
            duplicates=duplicates,
            into_record=into_record,
            new_keys=_new_entity_keys(request, item),
            user=request.user,
        )
        if report.ok:
            _log(request, report, item.name, before, len(accepted))
        results.append(report)
    StagedFile.objects.filter(pk__in=[s.pk for s in staged]).delete()
    context = _context(admin, request, title="Import finished", results=results, status=status)
    return TemplateResponse(request, "admin/archive/document/import_result.html", context)


def _duplicate_choice(request, staged: StagedFile) -> tuple[int | None, str]:
    """(record to update, what to do with a repeat) as the curator chose for a file that repeats a
    record: 'update:N' updates record N, 'new' creates a new record; without a choice (the file
    repeated nothing when previewed) a repeat is refused."""
    choice = request.POST.get(f"duplicate-{staged.pk}", "")
    if choice == "new":
        return None, "create"
    record = choice.removeprefix("update:")
    if choice.startswith("update:") and record.isdigit():
        return int(record), "refuse"
    return None, "refuse"


def _new_entity_keys(request, staged: StagedFile) -> frozenset[str]:
    """The keys the curator chose to create as new entities rather than take for an existing one."""
    prefix = f"entity-{staged.pk}-"
    return frozenset(
        name.removeprefix(prefix) for name, value in request.POST.items() if name.startswith(prefix) and value == "new"
    )


def _log(request, report, name, changes, accepted: int) -> None:
    what = "created" if report.created else "updated"
    parts = [f"Imported from {name} ({what})"]
    if changes:
        parts.append("changed: " + ", ".join(label for label, _, _ in changes))
    if report.new_entities:
        parts.append(f"{len(report.new_entities)} new entities")
    if accepted:
        parts.append(f"{accepted} suggested entity marks accepted")
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=[report.document],
        action_flag=ADDITION if report.created else CHANGE,
        change_message="; ".join(parts),
        single_object=True,
    )
