"""The history of records: imports, merges and admin edits are kept as versions that can be brought back."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Revision

from archive import history
from archive.annotated import parse_body
from archive.annotated.render import render_text
from archive.merging import merge_entities
from archive.models import Document, Entity, Mention
from archive.search import search
from archive.texts import entities_for_keys
from tests.conftest import annotated, import_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def document(db):
    source = annotated(
        "{p:kim-il-sung|Kim Il Sung} opened the plenum.",
        record=1,
        title="Speech at the plenum",
        extra="entity: p:kim-il-sung = Kim Il Sung ; role = author",
    )
    return import_text(source, name="0001-speech.txt").document


def form_data(response) -> dict:
    """The values a change page's form and inline forms show, as the browser would post them back."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value is not None and value is not False:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for each in formset.forms:
            for name in each.fields:
                value = each[name].value()
                if value is not None and value is not False:
                    data[each.add_prefix(name)] = value
    return data


def edit(client, document, **changes):
    url = reverse("admin:archive_document_change", args=[document.pk])
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    ]


def test_an_import_is_kept_with_its_file_name_and_user(document, django_user_model):
    [version] = history.versions_of(document)
    assert version.revision.comment == "Imported from file 0001-speech.txt"
    assert version.revision.user is None
    followed = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"document", "text", "mention", "entity"} <= followed
    user = django_user_model.objects.create_user("importer")
    report = import_text(annotated("Another.", record=2), name="0002.txt", user=user)
    assert history.versions_of(report.document)[0].revision.user == user


def test_a_dry_run_keeps_no_version(db):
    from archive.importing import import_file

    import_file(annotated("Nothing kept.", record=3).encode(), name="dry.txt", dry_run=True)
    assert not Revision.objects.exists()


def test_an_admin_edit_keeps_a_version_with_its_user(admin_client, admin_user, document):
    edit(admin_client, document, title="Speech at the August plenum")
    latest = history.versions_of(document)[0]
    assert latest.revision.user == admin_user
    assert latest.field_dict["title"] == "Speech at the August plenum"
    assert history.versions_of(document)[1].field_dict["title"] == "Speech at the plenum"


def test_revert_in_the_admin_brings_back_the_title_text_mentions_and_search_row(admin_client, document):
    text = document.texts.get()
    edit(
        admin_client,
        document,
        title="Speech, revised",
        **{"texts-0-source": "{p:kim-il-sung|Kim} closed the meeting with a toast."},
    )
    text.refresh_from_db()
    assert "toast" in text.plain
    assert search("toast").total == 1 and search("opened").total == 0
    first = history.versions_of(document).last()
    url = reverse("admin:archive_document_revision", args=[document.pk, first.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'value="Speech at the plenum"' in page.content.decode()
    document.refresh_from_db()
    assert document.title == "Speech, revised"  # viewing a version changes nothing
    response = admin_client.post(url, form_data(page))
    assert response.status_code == 302, [
        response.context["adminform"].form.errors,
        [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
        [inline.formset.non_form_errors() for inline in response.context["inline_admin_formsets"]],
    ]
    document.refresh_from_db()
    text = document.texts.get()
    assert document.title == "Speech at the plenum"
    assert text.source == "{p:kim-il-sung|Kim Il Sung} opened the plenum."
    assert_consistent(text)
    assert search("opened").total == 1 and search("toast").total == 0
    assert history.versions_of(document)[0].revision.comment.startswith("Reverted to previous version")


def assert_consistent(text):
    """The text's reading form and mentions are what its source gives."""
    parsed = parse_body(text.source, lang=text.language, type=text.text_type)
    entities = entities_for_keys(parsed.undeclared)
    expected = render_text(parsed.texts[0], lambda key: entities[key].get_absolute_url(), anchor_prefix="")
    assert text.rendered == expected
    assert text.plain == parsed.texts[0].plain
    spans = {(entities[s.key].pk, s.start, s.end) for s in parsed.texts[0].entity_spans()}
    assert set(text.mentions.values_list("entity_id", "start", "end")) == spans


def test_revert_as_a_service_renders_and_reindexes(document, admin_user):
    first = history.versions_of(document).first()
    with history.recorded("Edited by hand"):
        text = document.texts.get()
        text.source = "A {p:kim-il-sung|new} beginning."
        text.save()
        document.title = "Changed"
        document.save()
    from archive.texts import refresh_text

    refresh_text(text)
    history.revert(first, admin_user)
    document.refresh_from_db()
    assert document.title == "Speech at the plenum"
    assert_consistent(document.texts.get())
    assert search("opened").total == 1 and search("beginning").total == 0
    assert history.versions_of(document)[0].revision.user == admin_user


@pytest.fixture
def to_merge(document):
    """(record 2, Kim Il Sung, Kim Song-ju whom record 2 names, his version before any merge)."""
    other = import_text(
        annotated("{p:kim-song-ju|Kim Song-ju} answered.", record=2, extra="entity: p:kim-song-ju = Kim Song-ju")
    ).document
    survivor, merged = Entity.objects.get(slug="kim-il-sung"), Entity.objects.get(slug="kim-song-ju")
    before = history.versions_of(merged)[0]
    return other, survivor, merged, before


def test_a_merge_is_kept_and_can_be_reverted(to_merge):
    other, survivor, merged, before = to_merge
    merge_entities(survivor, [merged])
    revision = history.versions_of(merged)[0].revision
    assert revision.comment == "Merged Kim Song-ju (p:kim-song-ju) into Kim Il Sung (p:kim-il-sung)"
    assert Mention.objects.filter(document=other, entity=survivor).exists()
    history.revert(before)
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert Mention.objects.filter(document=other, entity=merged).exists()


def test_curators_see_a_document_history(client, curator, document):
    client.force_login(curator)
    response = client.get(reverse("admin:archive_document_history", args=[document.pk]))
    assert response.status_code == 200
    assert "Imported from file 0001-speech.txt" in response.content.decode()
    person = Entity.objects.get(slug="kim-il-sung")
    response = client.get(reverse("admin:archive_person_history", args=[person.pk]))
    assert response.status_code == 200 and "Imported from file" in response.content.decode()


def test_every_record_family_is_registered():
    import reversion

    from archive.models import CollectionItem, EntityName, Person, ProvenanceStep, Text

    for model in (Document, Text, Mention, ProvenanceStep, CollectionItem, Entity, Person, EntityName):
        assert reversion.is_registered(model)


def test_a_merge_is_undone_from_the_merged_records_history_in_the_admin(admin_client, to_merge):
    other, survivor, merged, before = to_merge
    merge_entities(survivor, [merged])
    page = admin_client.get(reverse("admin:archive_person_history", args=[merged.pk]))
    assert "Merged Kim Song-ju (p:kim-song-ju) into Kim Il Sung" in page.content.decode()
    url = reverse("admin:archive_person_revision", args=[merged.pk, before.pk])
    response = admin_client.post(url, form_data(admin_client.get(url)))
    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert set(Mention.objects.filter(document=other).values_list("entity__slug", flat=True)) == {"kim-song-ju"}
    assert admin_client.get(merged.get_absolute_url()).status_code == 200


def test_the_publish_action_keeps_a_version(admin_client, admin_user, document):
    Document.objects.filter(pk=document.pk).update(status="draft")
    response = admin_client.post(
        reverse("admin:archive_document_changelist"), {"action": "publish", "_selected_action": [document.pk]}
    )
    assert response.status_code == 302
    latest = history.versions_of(document)[0]
    assert (latest.revision.comment, latest.revision.user) == ("Published", admin_user)
    assert latest.field_dict["status"] == "published"
