"""One table between the annotated-text header and the records: the parser, the import, the export,
the preview and raw drafts cover exactly its keys (archive/annotated/header.py, archive/header_fields.py)."""

from dataclasses import fields

import pytest

from archive.annotated import parse
from archive.annotated.header import HEADER_KEYS, REQUIRED_KEYS, SUPPLIABLE_KEYS, one_line
from archive.annotated.model import Meta
from archive.annotated.raw import RawDraft
from archive.exporting import document_meta, export_document
from archive.header_fields import (
    COMPARED_FIELDS,
    DOCUMENT_FIELDS,
    HEADER_FIELDS,
    RELATED_RECORD_KEYS,
    SUPPLIED_FIELDS,
    document_values,
)
from archive.models import Document
from archive.previews import compare_with_existing

from .conftest import import_text

# A value for every key of the header (a withdrawn record, so that the withdrawal keys may stand).
EVERY_KEY = {
    "record": "7",
    "title": "Decision of the Plenum",
    "slug": "plenum-decision",
    "date": "1956-09-15",
    "date.written": "15 September 1956",
    "type": "decision",
    "lang": "en",
    "lang.original": "ko",
    "status": "withdrawn",
    "embargo": "2031-01-01",
    "withdrawn": "2026-11-02",
    "withdrawn.reason": "The rights holder asked us to take it down.",
    "title.withheld": "yes",
    "summary": "What the plenum decided about the faction.",
    "classification": "Top secret",
    "source": "Rodong Sinmun",
    "source.url": "https://example.org/plenum",
    "rights": "http://rightsstatements.org/vocab/InC/1.0/",
    "rights.notice": "© the holder, 1956",
    "supplied": "summary ; note = written by the archive's editor",
    "provenance": "published ; agent = p:kim ; date = 1956-09-16",
    "entity": "p:kim = Kim Il Sung ; variants = 김일성 ; role = signatory",
    "collection": "The August Plenum",
    "related": "8",
    "note": "Checked against the copy in the archive.",
}
# Another value for every key the preview compares.
CHANGED = {
    "title": "Decision of the August Plenum",
    "date": "1956-09-16",
    "date.written": "16 September 1956",
    "type": "report",
    "lang": "ru",
    "lang.original": "en",
    "embargo": "2032-01-01",
    "summary": "What the plenum decided.",
    "source": "Pravda",
    "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
    "rights.notice": "© the holder, 1957",
    "supplied": "title ; note = composed by the archive",
}


def header_file(values: dict[str, str], body: str = "{p:kim|Kim Il Sung} spoke.") -> str:
    return "AAT/1\n" + "".join(f"{key}: {value}\n" for key, value in values.items()) + "\n" + body + "\n"


def test_every_header_key_has_one_row_in_the_formats_order():
    assert [row.key for row in HEADER_FIELDS] == [header_key.key for header_key in HEADER_KEYS]
    assert len({row.field for row in HEADER_FIELDS}) == len(HEADER_FIELDS)


def test_meta_holds_exactly_the_header_keys():
    assert sorted(header_key.attribute for header_key in HEADER_KEYS) == sorted(f.name for f in fields(Meta))


def test_each_row_names_a_field_of_the_document_or_a_relation_to_other_records():
    for row in HEADER_FIELDS:
        model_field = Document._meta.get_field(row.field)
        if row.key in RELATED_RECORD_KEYS:
            assert model_field.one_to_many or model_field.many_to_many, row.key
            assert not row.read and not row.write and not row.compared
        else:
            assert not (model_field.one_to_many or model_field.many_to_many), row.key
    assert set(RELATED_RECORD_KEYS) == {"provenance", "entity", "collection", "related"}


def test_the_supplied_values_are_the_suppliable_keys_with_their_fields_and_labels():
    assert list(SUPPLIED_FIELDS) == list(SUPPLIABLE_KEYS)
    for key, (field_name, label) in SUPPLIED_FIELDS.items():
        row = next(row for row in HEADER_FIELDS if row.key == key)
        assert (row.field, row.label) == (field_name, label)


def test_the_parser_reads_every_key_into_its_attribute():
    parsed = parse(header_file(EVERY_KEY))
    assert parsed.ok, [p.format() for p in parsed.problems]
    for header_key in HEADER_KEYS:
        assert getattr(parsed.meta, header_key.attribute), header_key.key


@pytest.mark.django_db
def test_import_writes_every_field_of_the_table_and_export_reads_it_back():
    import_text(header_file({"record": "8", **{k: EVERY_KEY[k] for k in REQUIRED_KEYS}}, body="Other."))
    meta = parse(header_file(EVERY_KEY)).meta
    document = import_text(header_file(EVERY_KEY)).document
    document = Document.objects.get(pk=document.pk)
    for row in DOCUMENT_FIELDS:
        assert getattr(document, row.field), f"the import left {row.field} empty"
    assert document_values(document) == {row.attribute: getattr(meta, row.attribute) for row in DOCUMENT_FIELDS}
    exported, _ = document_meta(document)
    for header_key in HEADER_KEYS:
        if header_key.key not in ("entity", "provenance"):  # declarations carry their line numbers
            assert getattr(exported, header_key.attribute) == getattr(meta, header_key.attribute), header_key.key
    assert list(exported.entities) == list(meta.entities)
    assert [(s.activity, s.agent_key, s.date) for s in exported.provenance] == [("published", "p:kim", "1956-09-16")]


@pytest.mark.django_db
def test_an_export_for_readers_leaves_out_the_rows_readers_do_not_see():
    import_text(header_file({"record": "8", **{k: EVERY_KEY[k] for k in REQUIRED_KEYS}}, body="Other."))
    document = import_text(header_file(EVERY_KEY)).document
    whole, _ = document_meta(document)
    public, _ = document_meta(document, public=True)
    hidden = [row for row in DOCUMENT_FIELDS if not row.public]
    assert [row.key for row in hidden] == ["note"]
    for row in DOCUMENT_FIELDS:
        if row.public:
            assert getattr(public, row.attribute) == getattr(whole, row.attribute), row.key
        else:
            assert getattr(whole, row.attribute) and not getattr(public, row.attribute), row.key
    assert public.related == []  # record 8 is a draft


@pytest.mark.django_db
def test_the_preview_shows_a_change_of_every_compared_row_and_of_no_other():
    document = import_text(header_file(EVERY_KEY)).document
    _, changes, _ = compare_with_existing(parse(export_document(document)))
    assert changes == []
    _, changes, _ = compare_with_existing(parse(header_file({**EVERY_KEY, **CHANGED})))
    assert [label for label, _, _ in changes] == [row.label for row in COMPARED_FIELDS]
    assert set(CHANGED) == {row.key for row in COMPARED_FIELDS}


def test_a_raw_draft_is_the_header_with_the_drafts_findings_besides():
    draft_only = {f.name for f in fields(RawDraft)} - {f.name for f in fields(Meta)}
    assert draft_only == {"kind", "archive", "archive_citation", "byline", "retrieved", "flags", "blocks"}


def test_a_raw_draft_writes_every_header_key_it_holds():
    meta = parse(header_file(EVERY_KEY)).meta
    draft = RawDraft(**{f.name: getattr(meta, f.name) for f in fields(Meta)}, blocks=["{p:kim|Kim Il Sung} spoke."])
    again = parse(draft.text)
    assert again.ok, [p.format() for p in again.problems]
    for header_key in HEADER_KEYS:
        if header_key.key not in ("entity", "provenance"):
            assert getattr(again.meta, header_key.attribute) == getattr(meta, header_key.attribute), header_key.key
    written = [line.split(":", 1)[0] for line in draft.header_lines()]
    assert list(dict.fromkeys(written)) == [header_key.key for header_key in HEADER_KEYS]


def test_a_raw_draft_leaves_the_required_keys_it_lacks_empty_and_states_no_status():
    lines = RawDraft(title="A meeting", flags=["The page states no date."]).header_lines()
    assert lines == ["title: A meeting", "date:", "type:", "lang:", "note: To check: The page states no date."]


def test_a_value_is_written_on_one_line_where_the_format_breaks_lines_only():
    assert one_line(" Decision\r\nof the\rPlenum \n\n  of August ") == "Decision of the Plenum of August"
    assert one_line("Two  spaces\u2028kept") == "Two  spaces\u2028kept"  # the parser reads them as they are
