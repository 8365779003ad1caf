"""What an import would do, shown before anything is written (archive/previews.py)."""

import pytest

from archive.annotated import parse
from archive.exporting import export_document
from archive.models import Document
from archive.previews import MAX_DIFF_LINES, annotated_text, compare_with_existing, is_annotated, preview

from .conftest import annotated, import_text

pytestmark = pytest.mark.django_db


def test_the_import_preview_shows_a_new_embargo():
    import_text(annotated("Plenum, in full.", record=1, title="Plenum"))
    source = annotated("Plenum, in full.", record=1, title="Plenum", extra="embargo: 2031-01-01")
    _, changes, _ = compare_with_existing(parse(source))
    assert ("Embargoed until", "", "2031-01-01") in changes


def test_a_file_without_a_record_number_compares_with_nothing():
    import_text(annotated("Plenum, in full.", record=1, title="Plenum"))
    assert compare_with_existing(parse(annotated("Plenum, in full.", title="Plenum"))) == (None, [], [])


def test_a_record_exported_and_previewed_again_changes_nothing(seeds):
    for document in Document.objects.all():
        found, changes, diff = compare_with_existing(parse(export_document(document)))
        assert found == document
        assert changes == [] and diff == [], (document.record, changes, diff[:5])


def test_changed_values_are_shown_with_their_labels_and_the_texts_diffed():
    import_text(annotated("Plenum, in full.", record=1, title="Plenum", extra="summary: The first."))
    source = annotated(
        "Plenum, in part.",
        record=1,
        title="Plenum of August",
        extra="summary: The second.\nsource: Rodong Sinmun\nsupplied: summary ; note = the editor's",
    )
    document, changes, diff = compare_with_existing(parse(source))
    assert document.record == 1
    assert changes == [
        ("Title", "Plenum", "Plenum of August"),
        ("Summary", "The first.", "The second."),
        ("Source", "", "Rodong Sinmun"),
        ("Supplied by the archive", "", "summary (the editor's)"),
    ]
    assert "-Plenum, in full." in diff and "+Plenum, in part." in diff


def test_a_long_text_diff_is_cut_and_counted():
    before = "\n\n".join(f"Paragraph {n}." for n in range(MAX_DIFF_LINES))
    after = "\n\n".join(f"Paragraph {n}, revised." for n in range(MAX_DIFF_LINES))
    import_text(annotated(before, record=1))
    shown = preview(1, "long.txt", annotated(after, record=1))
    assert shown.importable
    assert len(shown.text_diff) == MAX_DIFF_LINES and shown.more_diff_lines > 0


@pytest.mark.parametrize(
    "text, expected",
    [("AAT/1\ntitle: x", True), ("\ufeff \nAAT/1\n", True), ("<html>AAT/1", False), ("Title\nAAT/1", False)],
)
def test_annotated_text_is_known_by_its_format_line(text, expected):
    assert is_annotated(text) is expected


def test_a_web_page_becomes_a_draft_and_says_so_when_not_marked_as_one():
    page = "Pyongyang, March 3 (KCNA) -- A meeting was held.\n\nIt discussed the spring sowing.\n"
    text, flags = annotated_text(page, is_raw=False)
    assert is_annotated(text) and "spring sowing" in text
    assert "does not begin with the format line" in flags[0]
    marked_text, marked_flags = annotated_text(page, is_raw=True)
    assert marked_text == text and marked_flags == flags[1:]


def test_a_file_with_errors_is_shown_with_the_lines_around_each_problem():
    source = annotated("Line one.\n\n{p:kim|Kim without end\n\nLine three.")
    shown = preview(1, "bad.txt", source)
    assert not shown.importable and not shown.rendered
    (excerpt,) = [e for e in shown.excerpts if e.severity == "error"]
    numbers = [number for number, _ in excerpt.lines]
    assert excerpt.line in numbers and numbers == list(range(numbers[0], numbers[-1] + 1))
    assert dict(excerpt.lines)[excerpt.line].startswith("{p:kim|")
