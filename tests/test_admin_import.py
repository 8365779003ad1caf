"""The admin's import pages: upload, preview (nothing written), confirm, history."""

import html as html_lib
import io
import re
import zipfile

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Document, Entity, StagedFile
from tests.conftest import FIXTURES, annotated, make_entity

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/archive/document/import/"


def upload(client, *files, raw=False):
    data = {"files": [SimpleUploadedFile(name, content) for name, content in files]}
    if raw:
        data["raw"] = "on"
    response = client.post(UPLOAD, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def staged_ids(html):
    return re.findall(r'name="file" value="(\d+)"', html)


def test_the_documents_list_links_to_the_import_page(admin_client):
    html = admin_client.get(reverse("admin:archive_document_changelist")).content.decode()
    assert UPLOAD in html
    assert admin_client.get(UPLOAD).status_code == 200


def test_preview_writes_nothing_and_shows_what_would_happen(admin_client, db):
    good = annotated("In {p:kim-il-sung|Kim Il Sung}'s words.", extra="entity: p:kim-il-sung = Kim Il Sung")
    broken = annotated("A {sup|never closed", title="Broken")
    preview_url = upload(admin_client, ("good.txt", good.encode()), ("broken.txt", broken.encode()))
    html = admin_client.get(preview_url).content.decode()
    assert not Document.objects.exists() and not Entity.objects.exists()
    assert "good.txt" in html and "broken.txt" in html
    assert "Test document" in html  # metadata
    assert '<a class="entity entity-p"' not in html and "entity entity-p" in html  # rendered, entity not yet linked
    assert "<strong>new record</strong> will be created" in html
    assert "line 8, column 3</strong>: unclosed" in html  # error with line and column
    assert 'class="hit"' in html  # the source excerpt
    assert len(staged_ids(html)) == 2
    assert html.count("disabled") >= 1


def test_confirm_imports_the_ticked_files_as_chosen_and_records_history(admin_client, admin_user, db):
    one = annotated("First.", title="First document")
    two = annotated("Second.", title="Second document")
    preview_url = upload(admin_client, ("one.txt", one.encode()), ("two.txt", two.encode()))
    ids = staged_ids(admin_client.get(preview_url).content.decode())
    response = admin_client.post(preview_url, {"file": ids[:1], "status": "published"})
    html = response.content.decode()
    assert response.status_code == 200
    document = Document.objects.get()
    assert document.title == "First document" and document.status == "published"
    assert document.get_absolute_url() in html
    entry = LogEntry.objects.get()
    assert entry.user == admin_user
    assert entry.change_message.startswith("Imported from one.txt (created)")
    assert not StagedFile.objects.exists()
    assert admin_client.get(preview_url).status_code == 302  # the batch is gone


def test_a_reimport_shows_the_changes(admin_client, seeds):
    path = FIXTURES / "0002-molotov-suslov-memo-1955.txt"
    changed = path.read_text(encoding="utf-8").replace("date.written: 17 January 1955", "date.written: 17.I.1955")
    changed = changed.replace("Military discipline has declined", "Military discipline had declined")
    html = admin_client.get(upload(admin_client, ("memo.txt", changed.encode()))).content.decode()
    assert "updates record 2" in html
    assert "<del>17 January 1955</del>" in html and "<ins>17.I.1955</ins>" in html
    assert 'class="add"' in html and 'class="rem"' in html


def test_a_reimport_shows_changed_supplied_values(admin_client, seeds):
    path = FIXTURES / "0002-molotov-suslov-memo-1955.txt"
    original = path.read_text(encoding="utf-8")
    changed = original.replace(
        "supplied: type ; note = the archive's classification: the source does not name its kind\n", ""
    ).replace("supplied: summary ; note = written by the archive's editor", "supplied: summary ; note = by the editor")
    assert changed.count("supplied:") == original.count("supplied:") - 1
    html = admin_client.get(upload(admin_client, ("memo.txt", changed.encode()))).content.decode()
    row = re.search(
        r"<tr><th>Supplied by the archive</th><td><del>(.*?)</del></td><td><ins>(.*?)</ins></td></tr>", html
    )
    assert row, "the change of supplied values is not shown"
    before, after = (html_lib.unescape(part) for part in row.groups())
    assert before.startswith("title (composed by") and "; type (the archive's classification" in before
    assert not any(part.startswith("type") for part in after.split("; "))
    assert after.endswith("; summary (by the editor)")
    assert "<tr><th>Supplied by the archive</th><td>title: composed by the archive&#x27;s editor" in html


def test_a_zip_with_a_bad_entry_still_offers_the_good_one(admin_client, db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ok.txt", annotated("Fine."))
        archive.writestr("../evil.txt", annotated("Evil."))
    html = admin_client.get(upload(admin_client, ("batch.zip", buffer.getvalue()))).content.decode()
    assert "outside the archive folder" in html
    assert len(re.findall(r'name="file" value="\d+" id="pick-\d+" checked', html)) == 1


def test_accepted_suggestions_become_marks(admin_client, db):
    kim = make_entity("person", "Kim Il Sung", "kim-il-sung", variants=["Kim Il-sung"])
    preview_url = upload(admin_client, ("s.txt", annotated("Then Kim Il-sung spoke.").encode()))
    html = admin_client.get(preview_url).content.decode()
    values = re.findall(r'name="(suggestion-\d+)" value="([^"]+)"', html)
    assert values and values[0][1].endswith(":p:kim-il-sung")
    response = admin_client.post(preview_url, {"file": staged_ids(html), "status": "draft", values[0][0]: values[0][1]})
    assert response.status_code == 200
    document = Document.objects.get()
    assert document.mentions.get().entity == kim
    assert "{p:kim-il-sung|Kim Il-sung}" in document.texts.get().source


def test_only_curators_may_import(client, django_user_model, db):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403


def test_a_raw_web_page_becomes_a_draft_in_the_preview(admin_client, db):
    page = "\n".join(
        [
            "Report on Meeting of Provincial Committee",
            "",
            "Pyongyang, March 3 (KCNA) -- A meeting of the provincial committee was held on March 2.",
            "",
            "It discussed the spring sowing.",
            "",
            "Back to top button",
        ]
    )
    html = admin_client.get(upload(admin_client, ("page.txt", page.encode()), raw=True)).content.decode()
    assert "Report on Meeting of Provincial Committee" in html
    assert 'class="dateline"' in html
    assert "Back to top button" not in html
    assert "year" in html.lower() and "not stated" in html.lower()
    assert not Document.objects.exists()


def test_a_draft_can_be_corrected_in_the_preview_then_imported(admin_client, db):
    page = "Pyongyang, March 3 (KCNA) -- A meeting was held.\n\nIt discussed the spring sowing.\n"
    preview_url = upload(admin_client, ("page.txt", page.encode()), raw=True)
    html = admin_client.get(preview_url).content.decode()
    [staged] = re.findall(r'name="text-(\d+)"', html)
    draft = StagedFile.objects.get(pk=staged)
    assert draft.is_raw
    from archive.previews import annotated_text

    text, _ = annotated_text(draft.text, True)
    lines = text.split("\n")
    fixed = "\n".join(
        "title: Meeting on Spring Sowing"
        if line.startswith("title:")
        else "type: report"
        if line.startswith("type:")
        else "date: XXXX-03-03"
        if line.startswith("date:")
        else "lang: en"
        if line.startswith("lang:")
        else line
        for line in lines
    )
    response = admin_client.post(preview_url, {f"text-{staged}": fixed, "revise": "Preview again"})
    assert response.status_code == 302
    html = admin_client.get(preview_url).content.decode()
    assert "Meeting on Spring Sowing" in html
    assert f'name="file" value="{staged}" id="pick-{staged}" checked' in html
    admin_client.post(preview_url, {"file": [staged], "status": "draft", f"text-{staged}": fixed})
    document = Document.objects.get()
    assert document.title == "Meeting on Spring Sowing" and document.date_edtf == "XXXX-03-03"


def test_a_page_uploaded_without_the_web_page_box_is_drafted_not_refused(admin_client, db):
    page = "Pyongyang, March 3 (KCNA) -- A meeting was held.\n\nIt discussed the spring sowing.\n"
    html = admin_client.get(upload(admin_client, ("page.txt", page.encode()))).content.decode()
    assert "must be the format line" not in html
    assert "does not begin with the format line" in html and "read as a web page and drafted" in html
    assert re.search(r'<textarea[^>]*name="text-\d+"[^>]*>AAT/1\n', html)  # the draft, to correct and import
    assert "It discussed the spring sowing." in html
    assert not Document.objects.exists()


REPEAT = (
    "The plenum heard the report of the delegation on its visit to the fraternal countries and noted that "
    "the economic plan for the coming year must take account of the harvest and the cooperatives."
)


def test_a_repeat_is_linked_and_the_curator_chooses_to_update_it(admin_client, db):
    from tests.conftest import import_text

    first = import_text(annotated(REPEAT, title="Plenum decision")).document
    again = annotated(REPEAT, title="Plenum decision, corrected")
    preview_url = upload(admin_client, ("again.txt", again.encode()))
    html = admin_client.get(preview_url).content.decode()
    [staged] = staged_ids(html)
    assert "repeats record 1" in html
    assert reverse("admin:archive_document_change", args=[first.pk]) in html
    assert f'name="duplicate-{staged}" value="update:1" checked' in html
    assert f'name="duplicate-{staged}" value="new"' in html
    assert f'id="pick-{staged}">' in html  # not ticked: the curator decides
    assert "What changes in record 1 if you update it" in html
    assert "<del>Plenum decision</del>" in html and "<ins>Plenum decision, corrected</ins>" in html
    admin_client.post(preview_url, {"file": [staged], "status": "draft", f"duplicate-{staged}": "update:1"})
    assert Document.objects.count() == 1
    first.refresh_from_db()
    assert first.title == "Plenum decision, corrected"
    assert LogEntry.objects.get().change_message.startswith("Imported from again.txt (updated)")


def test_a_repeat_may_become_a_new_record_on_purpose(admin_client, db):
    from tests.conftest import import_text

    import_text(annotated(REPEAT, title="Plenum decision"))
    preview_url = upload(admin_client, ("again.txt", annotated(REPEAT, title="Other copy").encode()))
    [staged] = staged_ids(admin_client.get(preview_url).content.decode())
    admin_client.post(preview_url, {"file": [staged], "status": "draft", f"duplicate-{staged}": "new"})
    assert Document.objects.count() == 2


def test_a_repeat_ticked_without_a_choice_is_refused(admin_client, db):
    from tests.conftest import import_text

    import_text(annotated(REPEAT, title="Plenum decision"))
    preview_url = upload(admin_client, ("again.txt", annotated(REPEAT, title="Other copy").encode()))
    [staged] = staged_ids(admin_client.get(preview_url).content.decode())
    html = admin_client.post(preview_url, {"file": [staged], "status": "draft"}).content.decode()
    assert Document.objects.count() == 1
    assert "not created: the archive already holds record 1" in html


def test_another_spelling_is_proposed_and_the_curator_may_refuse_it(admin_client, db):
    make_entity("person", "Kim Il Sung", "kim-il-sung")
    source = annotated("{p:kim-ir-sen|Kim Ir Sen} spoke.", extra="entity: p:kim-ir-sen = Kim Ir Sen")
    preview_url = upload(admin_client, ("ru.txt", source.encode()))
    html = admin_client.get(preview_url).content.decode()
    [staged] = staged_ids(html)
    assert "another spelling of" in html and "p:kim-il-sung" in html
    assert f'name="entity-{staged}-p:kim-ir-sen" value="existing" checked' in html
    admin_client.post(preview_url, {"file": [staged], "status": "draft", f"entity-{staged}-p:kim-ir-sen": "new"})
    assert sorted(Entity.objects.values_list("slug", flat=True)) == ["kim-il-sung", "kim-ir-sen"]


def test_another_spelling_taken_for_the_existing_person_by_default(admin_client, db):
    kim = make_entity("person", "Kim Il Sung", "kim-il-sung")
    source = annotated("{p:kim-ir-sen|Kim Ir Sen} spoke.", extra="entity: p:kim-ir-sen = Kim Ir Sen")
    preview_url = upload(admin_client, ("ru.txt", source.encode()))
    [staged] = staged_ids(admin_client.get(preview_url).content.decode())
    admin_client.post(preview_url, {"file": [staged], "status": "draft", f"entity-{staged}-p:kim-ir-sen": "existing"})
    assert list(Entity.objects.all()) == [kim]
    assert Document.objects.get().mentions.get().entity == kim
