"""The import service and the import_texts command."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import (
    Collection,
    Document,
    Entity,
    EntityName,
    Mention,
    ProvenanceStep,
    RecordNumber,
    Source,
    Text,
)
from tests.conftest import FIXTURES, annotated, import_text, make_entity

pytestmark = pytest.mark.django_db

MODELS = (Document, Text, Mention, Entity, EntityName, ProvenanceStep, Source, Collection, RecordNumber)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_collection_imports_with_its_metadata(seeds):
    assert sorted(seeds) == [1, 2, 3, 4, 5]
    decision = seeds[1]
    assert decision.doc_type == "decision"
    assert decision.date_edtf == "1956-09-15"
    assert decision.source.name == "History and Public Policy Program Digital Archive"
    assert decision.rights.code == "UND"
    assert decision.rights_notice.startswith("The History and Public Policy Program welcomes reuse")
    assert "SECRET" in decision.classification_marks()
    memo = seeds[2]
    assert memo.source is None and memo.rights is None
    citations = list(memo.provenance.values_list("citation", flat=True))
    assert "AVPRF F. 0102 Op. 11 P. 65 D. 45" in citations
    conference = seeds[4]
    assert conference.date_edtf == "XXXX-02-26"
    assert conference.date_start is None
    assert conference.date_display == "26 February, year unknown"


SEED_SUPPLIED = {
    1: {"rights"},
    2: {"title", "type", "lang.original", "summary"},
    3: {"date", "lang.original", "summary"},
    4: {"date", "type", "lang.original", "summary", "source"},
    5: {"lang.original", "summary"},
}


def test_seed_values_the_archive_supplied_are_marked_with_notes(seeds):
    assert {record: set(document.supplied) for record, document in seeds.items()} == SEED_SUPPLIED
    for document in seeds.values():
        assert all(note for note in document.supplied.values()), document.record
    assert "composed by the archive's editor" in seeds[2].supplied["title"]
    assert all(seeds[record].supplied["lang.original"].startswith("inferred") for record in (2, 3, 4, 5))
    assert "lang.original" not in seeds[1].supplied  # "Translation from Korean" states it


def test_seed_4_does_not_present_kcna_as_stated(seeds):
    conference = seeds[4]
    assert conference.source.name == "Korean Central News Agency (KCNA)"
    assert "inferred from the report's style" in conference.supplied["source"]
    assert "KCNA" not in conference.summary
    assert not conference.provenance.exists()
    assert not conference.mentions.filter(entity__slug="kcna").exists()
    assert not Entity.objects.filter(slug="kcna", mentions__document=conference).exists()
    assert conference.cited_title() == conference.title
    assert conference.cited("source", conference.source.name) == "[Korean Central News Agency (KCNA)]"
    assert conference.cited("date", conference.date_display) == "[26 February, year unknown]"


def test_seed_roles_are_recorded(seeds):
    memo = seeds[2]
    roles = {(m.entity.slug, m.role) for m in memo.mentions.select_related("entity")}
    assert ("molotov", "author") in roles
    assert ("suslov", "signatory") in roles
    assert ("cpsu-cc", "recipient") in roles
    translators = {m.entity.slug for m in seeds[1].mentions.filter(role="translator").select_related("entity")}
    assert {"rozanov", "bulgakov", "suvorov"} <= translators


def test_shared_keys_link_documents_to_one_entity(seeds):
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    records = set(kim.mentions.values_list("document__record", flat=True))
    assert {1, 2} <= records
    assert Entity.objects.filter(kind="person", slug="kim-il-sung").count() == 1
    assert "김일성" in kim.variant_names()


def test_mentions_point_at_their_words(seeds):
    text = seeds[3].texts.get()
    for mention in text.mentions.all()[:50]:
        assert text.plain[mention.start : mention.end] == mention.quote
    assert "Back to top button" not in seeds[4].texts.get().plain
    assert "More Articles" not in seeds[5].texts.get().plain


def test_reimport_updates_and_never_duplicates(seeds):
    before = counts()
    path = FIXTURES / "0001-kwp-cc-plenum-decision-1956.txt"
    source = path.read_text(encoding="utf-8").replace(
        "title: Decision of the KWP CC Plenum", "title: Revised Decision of the KWP CC Plenum"
    )
    report = import_text(source, name=path.name)
    assert not report.created
    assert counts() == before
    assert Document.objects.get(record=1).title.startswith("Revised Decision")


def test_new_document_without_record_gets_next_number_and_numbers_are_never_reused(db):
    first = import_text(annotated("Text one.")).document
    second = import_text(annotated("Text two.")).document
    assert second.record == first.record + 1
    second.delete()
    third = import_text(annotated("Text three.")).document
    assert third.record == second.record + 1


def test_names_resolve_to_existing_entities_by_variant(db):
    kim = make_entity("person", "Kim Il Sung", "kim-il-sung", variants=["Kim Il-sung"])
    report = import_text(
        annotated(
            "{p:kim-ir-sen|Kim Ir Sen} spoke.",
            extra="entity: p:kim-ir-sen = Kim Il-sung ; variants = Kim Ir Sen",
        )
    )
    mention = report.document.mentions.get()
    assert mention.entity == kim
    assert "Kim Ir Sen" in kim.variant_names()
    assert any("resolved by name" in m for m in report.messages())


def test_body_keys_resolve_to_the_archive(db):
    place = make_entity("place", "Pyongyang", "pyongyang")
    report = import_text(annotated("In {pl:pyongyang|Phyongyang}."))
    assert report.document.mentions.get().entity == place


def test_new_entities_are_created_with_a_warning(db):
    report = import_text(annotated("{p:pak-hon-yong|Pak Heonyeong}", extra="entity: p:pak-hon-yong = Pak Hon Yong"))
    assert [e.name for e in report.new_entities] == ["Pak Hon Yong"]
    assert any("warning: new person" in m for m in report.messages())


@pytest.mark.parametrize(
    "body, extra, expected",
    [
        ("Broken {p:kim-il-sung|Kim\n", "entity: p:kim-il-sung = Kim Il Sung", "test.txt:10:8: unclosed '{'"),
        ("Unknown {p:nobody|Nobody}.", "", "test.txt:9:9: entity 'p:nobody' is neither declared"),
    ],
)
def test_a_broken_file_writes_nothing(seeds, body, extra, expected):
    before = counts()
    from archive.importing import import_file

    report = import_file(annotated(body, record=1, extra=extra).encode(), name="test.txt")
    assert not report.ok
    assert any(m.startswith(expected) for m in report.messages()), report.messages()
    assert counts() == before
    assert Document.objects.get(record=1).title.startswith("Decision of the KWP CC Plenum")


def test_ambiguous_name_is_an_error(db):
    make_entity("person", "Kim Chol", "kim-chol-1")
    make_entity("person", "Kim Chol", "kim-chol-2")
    from archive.importing import import_file

    report = import_file(
        annotated("{p:kim-chol|Kim Chol}", extra="entity: p:kim-chol = Kim Chol").encode(), name="a.txt"
    )
    assert not report.ok
    assert any("matches several persons" in m for m in report.messages())
    assert not Document.objects.exists()


def test_status_override(db):
    report = import_text(annotated("Draft me."), status="draft")
    assert report.document.status == "draft"


def test_command_imports_a_folder_and_prints_a_summary(db):
    out = StringIO()
    call_command("import_texts", str(FIXTURES), stdout=out, stderr=StringIO())
    assert Document.objects.count() == 5
    assert "5 imported" in out.getvalue()
    again = StringIO()
    call_command("import_texts", str(FIXTURES), "--if-empty", stdout=again)
    assert "nothing imported" in again.getvalue()
    assert Document.objects.count() == 5


def test_command_reports_file_line_column_and_exits_non_zero(tmp_path: Path, seeds):
    good = tmp_path / "good.txt"
    good.write_text(annotated("A good one."), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(annotated("A {sup|broken mark.", record=2), encoding="utf-8")
    before = counts()
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_texts", str(bad), str(good), stdout=StringIO(), stderr=err)
    assert f"{bad}:9:3: unclosed '{{'" in err.getvalue()
    after = counts()
    assert after["Document"] == before["Document"] + 1  # the good file beside it still imports
    assert Document.objects.get(record=2).title.startswith("Memorandum")


def test_command_rejects_invalid_utf8_with_position(tmp_path: Path, db):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(annotated("Caf\u00e9").encode("latin-1"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_texts", str(bad), stdout=StringIO(), stderr=err)
    assert f"{bad}:8:4: invalid UTF-8" in err.getvalue()
    assert not Document.objects.exists()


def test_command_names_a_missing_path(db):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_texts", "/nonexistent/file.txt", stdout=StringIO())


def test_command_records_the_import_in_the_admin_history(db, django_user_model, tmp_path: Path):
    from django.contrib.admin.models import LogEntry

    django_user_model.objects.create_user("curator", password="x")
    path = tmp_path / "one.txt"
    path.write_text(annotated("Logged."), encoding="utf-8")
    call_command("import_texts", str(path), "--user", "curator", stdout=StringIO())
    entry = LogEntry.objects.get()
    assert entry.user.username == "curator"
    assert "one.txt" in entry.change_message
