"""Export to annotated-text files, and the round trip: export, empty the archive, import, same records."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.exporting import ExportError, document_meta, documents_for_export, export_document
from archive.kinds import KINDS
from archive.management.commands.export_texts import Command
from archive.merging import merge_entities
from archive.models import (
    Collection,
    CollectionItem,
    Document,
    Entity,
    Mention,
    ProvenanceStep,
    RecordNumber,
    RightsStatement,
    Source,
)
from tests.conftest import annotated, import_text

pytestmark = pytest.mark.django_db

ENTITY_LINK = re.compile(rf"/({'|'.join(kind.segment for kind in KINDS)})/(\d+)/")


def export(folder, *args):
    out = StringIO()
    call_command("export_texts", str(folder), *args, stdout=out)
    return out.getvalue()


def empty_archive():
    """Remove the archive's records, keeping the controlled rights statements."""
    Document.objects.all().delete()
    Entity.objects.all().delete()
    Source.objects.all().delete()
    Collection.objects.all().delete()
    RecordNumber.objects.all().delete()
    assert RightsStatement.objects.exists()


def records():
    """Everything the format carries, with entities named by key (their primary keys change)."""
    keys = {entity.pk: entity.key for entity in Entity.objects.all()}

    def unlinked(html):
        return ENTITY_LINK.sub(lambda match: f"/entity/{keys[int(match.group(2))]}/", html)

    documents = {}
    for document in Document.objects.select_related("source", "rights").order_by("record"):
        documents[document.record] = {
            "fields": (
                document.title,
                document.slug,
                document.date_edtf,
                document.date_written,
                document.doc_type,
                document.language,
                document.original_language,
                document.status,
                document.summary,
                document.classification,
                document.source.name if document.source else None,
                document.source_url,
                document.rights.uri if document.rights else None,
                document.rights_notice,
                document.curator_note,
                document.supplied,
            ),
            "texts": [
                (t.order, t.language, t.text_type, t.source, t.plain, unlinked(t.rendered))
                for t in document.texts.order_by("order")
            ],
            "mentions": {
                (m.text.order if m.text else None, keys[m.entity_id], m.role, m.start, m.end, m.quote)
                for m in Mention.objects.filter(document=document).select_related("text")
            },
            "provenance": [
                (s.activity, keys.get(s.agent_id), s.agent_name, s.date_edtf, s.citation, s.place, s.url, s.note)
                for s in ProvenanceStep.objects.filter(document=document).order_by("order")
            ],
            "collections": sorted(document.collections.values_list("name", flat=True)),
            "related": sorted(document.related.values_list("record", flat=True)),
        }
    entities = {
        (
            e.kind,
            e.slug,
            e.name,
            e.sort_name,
            tuple(sorted(e.names.values_list("name", flat=True))),
            e.description,
            e.date_edtf,
            e.wikidata,
            e.viaf,
            keys.get(e.place_id),
            tuple(sorted(keys[pk] for pk in e.organizations.values_list("pk", flat=True))),
        )
        for e in Entity.objects.all()
    }
    return documents, entities


def round_trip(folder):
    before = records()
    export(folder)
    empty_archive()
    call_command("import_texts", "--keys-only", str(folder), stdout=StringIO())
    return before, records()


def test_the_seed_collection_survives_export_and_import(seeds, tmp_path):
    before, after = round_trip(tmp_path)
    assert sorted(before[0]) == [1, 2, 3, 4, 5]
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert any(None in {mention[0] for mention in doc["mentions"]} for doc in before[0].values())
    assert any(entity[9] for entity in before[1]) and any(entity[10] for entity in before[1])  # events' place, orgs


def test_supplied_values_survive_export_and_import(seeds, tmp_path):
    assert any(document.supplied for document in seeds.values())
    before, after = round_trip(tmp_path)
    supplied = {record: document["fields"][-1] for record, document in after[0].items()}
    assert supplied == {record: document.supplied for record, document in seeds.items()}
    assert after[0] == before[0]
    written = (
        tmp_path / "0004-the-second-conference-of-secretaries-of-primary-party-committees-opened.txt"
    ).read_text()
    assert "\nsupplied: source ; note = inferred from the report's style" in written


def test_export_writes_supplied_values_in_the_format_order_and_drops_marks_without_a_value(seeds):
    document = seeds[3]
    Document.objects.filter(pk=document.pk).update(
        supplied={"summary": "by the editor", "source.url": "no address recorded", "date": "from the text"}
    )
    document = documents_for_export(Document.objects.filter(pk=document.pk)).get()
    written = export_document(document)
    lines = [line for line in written.splitlines() if line.startswith("supplied:")]
    assert lines == ["supplied: date ; note = from the text", "supplied: summary ; note = by the editor"]


def test_two_entities_sharing_a_name_stay_two(tmp_path):
    import_text(annotated("{p:kim-chol-a|Kim Chol} of Kangwon.", record=1, extra="entity: p:kim-chol-a = Kim Chol"))
    import_text(
        annotated("Another {p:kim-chol-b|Kim Chol}.", record=2, extra="entity: p:kim-chol-b = Kim Chol"),
        match_names=False,
    )
    before, after = round_trip(tmp_path)
    assert after == before
    assert Entity.objects.filter(name="Kim Chol").count() == 2


def test_edits_made_in_the_admin_survive_export_and_import(seeds, tmp_path):
    document = seeds[1]
    document.title = "Decision of the Plenum; revised | second edition"
    document.save()
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    kim.add_variants(["Kim Ir Sen; Ким Ир Сен"])
    Mention.objects.create(document=document, entity=kim, role="recipient")
    document.related.add(seeds[2], seeds[4])
    for name in ("The August 1956 Plenum", "Soviet–Korean relations"):
        CollectionItem.objects.create(collection=Collection.objects.create(name=name), document=document)
    CollectionItem.objects.create(collection=Collection.objects.get(name="Soviet–Korean relations"), document=seeds[2])
    before, after = round_trip(tmp_path)
    assert after == before
    assert before[0][1]["related"] == [2, 4] and before[0][2]["related"] == [1]
    assert before[0][1]["collections"] == ["Soviet–Korean relations", "The August 1956 Plenum"]
    restored = Document.objects.get(record=1)
    assert restored.title == "Decision of the Plenum; revised | second edition"
    assert "Kim Ir Sen; Ким Ир Сен" in Entity.objects.get(kind="person", slug="kim-il-sung").variant_names()


def test_line_breaks_typed_into_header_values_become_spaces(seeds):
    seeds[1].summary = "First line of a summary\r\n  written over two lines in the admin."
    seeds[1].curator_note = "One note.\n\nAnother note."
    seeds[1].save()
    [document] = documents_for_export(Document.objects.filter(record=1))
    meta, _ = document_meta(document)
    assert meta.summary == "First line of a summary written over two lines in the admin."
    assert meta.notes == ["One note.", "Another note."]


def test_a_document_with_several_texts_survives_export_and_import(tmp_path):
    body = (
        "{p:kim|Kim} spoke.\n\n@text lang=ko type=original\n{p:kim|김일성}이 말했다.\n\n"
        "@text lang=ru type=translation\nКим сказал."
    )
    import_text(annotated(body, record=7, extra="entity: p:kim = Kim Il Sung ; role = author"))
    before, after = round_trip(tmp_path)
    assert [text[:3] for text in before[0][7]["texts"]] == [(0, "en", "translation"), (1, "ko", "original"),
                                                            (2, "ru", "translation")]  # fmt: skip
    assert after == before


def test_header_roles_come_from_document_level_mentions(seeds):
    meta, texts = document_meta(seeds[2])
    document_roles = {(m.entity.key, m.role) for m in seeds[2].mentions.filter(text=None).select_related("entity")}
    assert document_roles
    assert {(key, role) for key, decl in meta.entities.items() for role in decl.roles} == document_roles
    assert "author" in meta.entities["p:molotov"].roles
    assert [step.activity for step in meta.provenance] == ["created", "held"]
    assert texts == [(text.language, text.text_type, text.source) for text in seeds[2].texts.all()]


def test_entities_of_events_and_provenance_agents_are_declared(seeds):
    meta, _ = document_meta(seeds[5])
    agent_keys = {step.agent_key for step in meta.provenance if step.agent_key}
    assert agent_keys and agent_keys <= set(meta.entities)
    events = [decl for decl in meta.entities.values() if decl.kind == "event"]
    assert events
    for decl in events:
        assert set(decl.orgs) <= set(meta.entities)
        assert not decl.place or decl.place in meta.entities


def test_queries_do_not_grow_with_the_number_of_entities():
    def document(record, count):
        people = " ".join(f"{{p:person-{record}-{n}|P{n}}}" for n in range(count))
        events = " ".join(f"{{ev:event-{record}-{n}|E{n}}}" for n in range(count))
        declared = "\n".join(
            [f"entity: p:person-{record}-{n} = Person {record} {n} ; variants = V{n} | W{n}" for n in range(count)]
            + [f"entity: o:org-{record}-{n} = Org {record} {n}" for n in range(count)]
            + [f"entity: pl:place-{record}-{n} = Place {record} {n}" for n in range(count)]
            + [
                f"entity: ev:event-{record}-{n} = Event {record} {n} ; place = pl:place-{record}-{n} ; "
                f"orgs = o:org-{record}-{n}"
                for n in range(count)
            ]
        )
        steps = f"provenance: held ; agent = p:person-{record}-0"
        return import_text(annotated(f"{people} {events}", record=record, extra=f"{declared}\n{steps}")).document

    small, large = document(1, 1), document(2, 8)
    counts = []
    for record in (small.record, large.record):
        [loaded] = documents_for_export(Document.objects.filter(record=record))
        with CaptureQueriesContext(connection) as context:
            meta, _ = document_meta(loaded)
        counts.append(len(context.captured_queries))
        assert len(meta.entities) == (4 if record == 1 else 32)
    assert counts[0] == counts[1]


def test_a_first_text_the_format_cannot_describe_stops_the_export(seeds, tmp_path):
    seeds[3].texts.update(text_type="original")
    with pytest.raises(ExportError, match="record 3: the first text must be a translation"):
        export_document(seeds[3])
    with pytest.raises(CommandError, match="nothing written"):
        export(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_command_names_files_and_refuses_to_overwrite(seeds, tmp_path):
    output = export(tmp_path)
    assert "5 document(s) exported to" in output
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{record:04d}-{document.slug}.txt" for record, document in seeds.items()
    )
    written = (tmp_path / f"0002-{seeds[2].slug}.txt").read_text(encoding="utf-8")
    assert written.startswith("AAT/1\nrecord: 2\ntitle: Memorandum from V. Molotov")
    with pytest.raises(CommandError, match=r"5 file\(s\) already in .*--force"):
        export(tmp_path)
    assert "5 document(s) exported" in export(tmp_path, "--force")


def test_the_command_selects_by_status_and_record(seeds, tmp_path):
    Document.objects.filter(record__in=[4, 5]).update(status="draft")
    assert "3 document(s)" in export(tmp_path / "published", "--status", "published")
    assert sorted(p.name[:4] for p in (tmp_path / "published").iterdir()) == ["0001", "0002", "0003"]
    export(tmp_path / "some", "--record", "2", "5")
    assert sorted(p.name[:4] for p in (tmp_path / "some").iterdir()) == ["0002", "0005"]
    with pytest.raises(CommandError, match="no document with status published with record 4"):
        export(tmp_path / "none", "--status", "published", "--record", "4")


def test_every_option_has_help():
    parser = Command().create_parser("manage.py", "export_texts")
    ours = [action for action in parser._actions if action.dest in {"folder", "status", "records", "force"}]
    assert len(ours) == 4 and all(action.help for action in ours)


def test_an_entity_matched_by_name_is_exported_under_its_archive_key(tmp_path):
    import_text(annotated("{p:kuznetsov|Kuznetsov} reported.", record=1, extra="entity: p:kuznetsov = Kuznetsov"))
    report = import_text(
        annotated(
            "As {p:d-kuznetsov|D. Kuznetsov} wrote.",
            record=2,
            extra="entity: p:d-kuznetsov = D. Kuznetsov ; variants = Kuznetsov",
        )
    )
    assert [(r.key, r.outcome, r.entity.key) for r in report.resolutions] == [("p:d-kuznetsov", "name", "p:kuznetsov")]
    assert Document.objects.get(record=2).texts.get().source == "As {p:kuznetsov|D. Kuznetsov} wrote."
    before, after = round_trip(tmp_path)
    assert after == before
    assert Entity.objects.get().key == "p:kuznetsov"
    assert Mention.objects.filter(entity__slug="kuznetsov").count() == 2


def test_a_text_stored_with_a_key_resolved_by_name_is_exported_with_the_archive_key(tmp_path):
    """Texts imported before keys were rewritten on import still export to files that re-import."""
    import_text(annotated("{p:kuznetsov|Kuznetsov} reported.", record=1, extra="entity: p:kuznetsov = Kuznetsov"))
    import_text(annotated("As {p:d-kuznetsov|K.} wrote.", record=2, extra="entity: p:d-kuznetsov = Kuznetsov"))
    Document.objects.get(record=2).texts.update(source="As {p:d-kuznetsov|K.} wrote.")
    [document] = documents_for_export(Document.objects.filter(record=2))
    written = export_document(document)
    assert "{p:kuznetsov|K.}" in written and "d-kuznetsov" not in written
    before, after = round_trip(tmp_path)
    assert after[0][2]["mentions"] == before[0][2]["mentions"]


def test_the_keys_of_merged_entities_are_exported_as_the_survivors(tmp_path):
    import_text(annotated("{p:kim|Kim} spoke.", record=1, extra="entity: p:kim = Kim Il Sung"))
    import_text(annotated("{p:kim-song-ju|Kim} spoke.", record=2, extra="entity: p:kim-song-ju = Kim Song-ju"))
    survivor, other = Entity.objects.get(slug="kim"), Entity.objects.get(slug="kim-song-ju")
    merge_entities(survivor, [other])
    [document] = documents_for_export(Document.objects.filter(record=2))
    assert "{p:kim|Kim} spoke." in export_document(document)
    export(tmp_path)
    empty_archive()
    call_command("import_texts", "--keys-only", str(tmp_path), stdout=StringIO())
    assert set(Mention.objects.values_list("entity__slug", flat=True)) == {"kim"}
    assert "Kim Song-ju" in Entity.objects.get(slug="kim").variant_names()


def test_a_file_that_would_not_import_again_fails_the_export_and_names_the_file(tmp_path):
    import_text(annotated("{p:kuznetsov|Kuznetsov} reported.", record=1, extra="entity: p:kuznetsov = Kuznetsov"))
    import_text(annotated("Nothing to see.", record=2))
    Entity.objects.all().delete()  # the text still holds its mark; no entity of the archive has the key
    with pytest.raises(CommandError, match=r"1 file\(s\) would not import again:\n0001-test-document\.txt: "
                       r"record 1: marks use keys no entity of the archive has: p:kuznetsov"):  # fmt: skip
        export(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_as_readers_see_it_an_event_names_only_its_public_place_and_organizations():
    """A draft that gave a public event its place and organizer: the public document's header, as readers
    get it (TEI, the dataset), declares the event without them; the curator's export keeps them."""
    draft = annotated(
        "{ev:congress|The congress} met at {pl:hidden-harbour|the harbour}, called by {o:hidden-league|the league}.",
        title="Draft",
        extra="status: draft\n"
        "entity: ev:congress = Third Congress ; place = pl:hidden-harbour ; orgs = o:hidden-league\n"
        "entity: pl:hidden-harbour = Quorvath Harbour\nentity: o:hidden-league = Quorvath League",
    ).replace("status: published\n", "")
    public = annotated(
        "{ev:congress|The congress} closed.", title="Public", extra="entity: ev:congress = Third Congress"
    )
    import_text(draft, name="draft.txt")
    document = import_text(public, name="public.txt").document
    meta, _ = document_meta(document, public=True)
    assert meta.entities["ev:congress"].place == "" and meta.entities["ev:congress"].orgs == []
    assert set(meta.entities) == {"ev:congress"}
    meta, _ = document_meta(document)
    assert meta.entities["ev:congress"].place == "pl:hidden-harbour"
    assert meta.entities["ev:congress"].orgs == ["o:hidden-league"]
