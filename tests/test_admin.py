"""The curators' admin: every page opens, permissions hold, edited texts are rendered again."""

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
    form = SimpleNamespace(instance=document, save_m2m=lambda: None)
    django_admin.site._registry[Document].save_related(request, form, [], True)
    stored = sorted(Shingle.objects.filter(document=document).values_list("value", flat=True))
    assert stored == sketch(shingles([text.plain for text in document.texts.order_by("order")]))
