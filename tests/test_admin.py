"""The curators' admin: every page opens, permissions hold, edited texts are rendered again."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from archive.admin.documents import TextForm
from archive.models import Document, Entity, Text
from archive.texts import refresh_text

pytestmark = pytest.mark.django_db

ARCHIVE_MODELS = [model for model in admin.site._registry if model._meta.app_label == "archive"]


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.mark.parametrize("model", ARCHIVE_MODELS, ids=lambda m: m._meta.model_name)
def test_every_archive_admin_page_opens(admin_client, seeds, model):
    meta = model._meta
    assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    assert (
        admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist") + "?q=Kim").status_code == 200
    )
    assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_document_change_page_shows_preview_and_view_on_site(admin_client, seeds):
    document = Document.objects.get(record=2)
    html = admin_client.get(reverse("admin:archive_document_change", args=[document.pk])).content.decode()
    assert 'class="plenum-preview"' in html
    assert 'class="stamp"' in html  # the rendered text, not its source
    assert "View on site" in html


def test_entity_autocomplete_finds_variants(admin_client, seeds):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "김일성", "app_label": "archive", "model_name": "mention", "field_name": "entity"},
    )
    assert response.status_code == 200
    assert "Kim Il Sung" in response.content.decode()


@pytest.mark.parametrize(
    "url, status",
    [
        ("admin:archive_document_changelist", 200),
        ("admin:archive_person_changelist", 200),
        ("admin:archive_document_add", 200),
        ("admin:auth_user_changelist", 403),
        ("admin:auth_group_changelist", 403),
    ],
)
def test_curators_edit_records_not_users(client, curator, url, status):
    client.force_login(curator)
    assert client.get(reverse(url)).status_code == status


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(reverse("admin:archive_document_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_text_form_reports_annotation_errors_with_line_and_column(seeds):
    form = TextForm(data={"order": 0, "language": "en", "text_type": "translation", "source": "Fine.\n\nA {sup|broken"})
    assert not form.is_valid()
    assert "line 3:3: unclosed '{'" in " ".join(form.errors["source"])
    unknown = TextForm(data={"order": 0, "language": "en", "text_type": "translation", "source": "{p:nobody|X}"})
    assert not unknown.is_valid()
    assert "no entity 'p:nobody' in the archive" in " ".join(unknown.errors["source"])


def test_an_edited_text_is_rendered_again_with_its_mentions(seeds):
    text = Text.objects.get(document__record=5)
    text.source = "Now {p:kim-jong-un|Kim Jong Un} and <b>tags</b> {sup|only}."
    text.save()
    refresh_text(text)
    text.refresh_from_db()
    assert "&lt;b&gt;tags&lt;/b&gt;" in text.rendered
    assert text.plain == "Now Kim Jong Un and <b>tags</b> only."
    kim = Entity.objects.get(kind="person", slug="kim-jong-un")
    assert [(m.entity, m.quote) for m in text.mentions.all()] == [(kim, "Kim Jong Un")]


def test_saving_a_document_in_the_admin_renews_the_sketch_of_its_text(seeds, rf, admin_user):
    from types import SimpleNamespace

    from django.contrib import admin as django_admin

    from archive.fingerprint import shingles, sketch
    from archive.models import Document, Shingle

    document = Document.objects.get(record=5)
    text = document.texts.get(order=0)
    text.source = "An entirely new text about the spring sowing in the northern provinces, written over the old one."
    text.save()
    refresh_text(text)
    request = rf.post("/")
    request.user = admin_user
    form = SimpleNamespace(instance=document, save_m2m=lambda: None, changed_data=[])
    django_admin.site._registry[Document].save_related(request, form, [], True)
    stored = sorted(Shingle.objects.filter(document=document).values_list("value", flat=True))
    assert stored == sketch(shingles([text.plain for text in document.texts.order_by("order")]))


# --------------------------------------------------------------------------- stated or supplied

INLINE_PREFIXES = ("texts", "mentions", "provenance", "collection_items")


def change_data(document: Document, **changes) -> dict:
    """The document's change form as the admin posts it, inlines left as they are, with changes."""
    data = {
        "title": document.title,
        "slug": document.slug,
        "status": document.status,
        "doc_type": document.doc_type,
        "summary": document.summary,
        "date_edtf": document.date_edtf,
        "date_written": document.date_written,
        "language": document.language,
        "original_language": document.original_language,
        "classification": document.classification,
        "source": document.source_id or "",
        "source_url": document.source_url,
        "rights": document.rights_id or "",
        "rights_notice": document.rights_notice,
        "curator_note": document.curator_note,
    }
    for prefix in INLINE_PREFIXES:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def change_url(document: Document) -> str:
    return reverse("admin:archive_document_change", args=[document.pk])


def test_the_change_page_shows_each_supplied_value_ticked_with_its_note(admin_client, seeds):
    document = seeds[2]
    html = admin_client.get(change_url(document)).content.decode()
    assert "Stated or supplied" in html
    assert re.search(r'<input type="checkbox" name="supplied_title" [^>]*checked', html)
    assert not re.search(r'<input type="checkbox" name="supplied_source" [^>]*checked', html)
    note = document.supplied["title"].replace("'", "&#x27;")
    assert re.search(rf'<input type="text" name="supplied_title_note" value="{re.escape(note)}"', html)


def test_a_curator_marks_values_supplied_and_clears_marks(admin_client, seeds):
    document = seeds[5]
    data = change_data(
        document,
        supplied_title="on",
        supplied_title_note="  composed by the editor,\n from the headline ",
        supplied_rights_notice=None,
        supplied_summary="on",
        supplied_summary_note="",
    )
    response = admin_client.post(change_url(document), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    document.refresh_from_db()
    # lang.original was supplied and is no longer ticked: the mark is gone
    assert document.supplied == {"title": "composed by the editor, from the headline", "summary": ""}
    assert document.texts.count() == 1 and document.provenance.count() == 2  # the inlines are untouched
    page = admin_client.get(document.get_absolute_url()).content.decode()
    assert "[</span>Report on Enlarged Meeting" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"supplied_source_url": "on"}, "supplied_source_url", "Source URL is empty"),
        ({"supplied_rights": "on", "rights": ""}, "supplied_rights", "Rights statement is empty"),
        (
            {"supplied_date_written_note": "worked out"},
            "supplied_date_written_note",
            "Tick 'Date as written: supplied'",
        ),
        ({"supplied_source_url": "on", "source_url": "not an address"}, "source_url", "Enter a valid URL"),
    ],
)
def test_a_mark_without_a_value_or_a_note_without_a_mark_is_refused(admin_client, seeds, changes, field, message):
    document = seeds[1]
    before = dict(document.supplied)
    response = admin_client.post(change_url(document), change_data(document, **changes))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    document.refresh_from_db()
    assert document.supplied == before


def test_the_model_refuses_an_unknown_key_or_a_mark_on_an_empty_field(seeds):
    from django.core.exceptions import ValidationError

    document = seeds[2]
    for supplied, message in (
        ({"author": "x"}, "'author' is not one of"),
        ({"source": "inferred"}, "Source is marked supplied but the record gives no value"),
        ({"title": 3}, "must be text"),
    ):
        document.supplied = supplied
        with pytest.raises(ValidationError, match=message):
            document.full_clean()


def test_every_field_the_format_can_mark_supplied_has_its_document_field():
    from archive.annotated.header import SUPPLIABLE_KEYS
    from archive.models.supplied import SUPPLIED_FIELDS

    assert tuple(SUPPLIED_FIELDS) == SUPPLIABLE_KEYS
    names = {field.name for field in Document._meta.get_fields()}
    assert {field_name for field_name, _ in SUPPLIED_FIELDS.values()} <= names
