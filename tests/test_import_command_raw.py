"""import_texts --raw, --drafts, --dry-run and the progress line; import_file(dry_run=True)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.annotated import parse
from archive.importing import import_file
from archive.models import Document, Entity, RecordNumber
from tests.conftest import FIXTURES, annotated, import_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

KCNA_PAGE = """\
Report on Opening of New Bridge

Date: 01/10/2022 | Source: Minju Joson (En) | Read original version at source

A new bridge was opened over the river on September 29.

Back to top button
"""
TRANSCRIPT_PAGE = """\
Secret
Copy No. 1

GARF f. 5446 op. 1 d. 12

The ministry reports that the sowing is going according to the plan in all of the provinces.
"""


class TerminalOutput(StringIO):
    """A stream that says it is a terminal."""

    def isatty(self):
        return True


def run(*args, stderr=None):
    out = StringIO()
    call_command("import_texts", *map(str, args), stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- --raw --drafts
# No database fixture: any query in these tests would fail, which proves the drafts touch no records.


def test_raw_drafts_are_written_with_flags_and_a_summary(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages, "bridge.txt", KCNA_PAGE)
    write(pages, "memo.txt", TRANSCRIPT_PAGE)
    out = run("--raw", "--drafts", tmp_path / "drafts", pages)
    bridge = (tmp_path / "drafts" / "bridge.txt").read_text(encoding="utf-8")
    assert bridge.startswith("AAT/1\ntitle: Report on Opening of New Bridge\ndate: 2022-10-01\n")
    assert parse(bridge).ok
    memo = parse((tmp_path / "drafts" / "memo.txt").read_text(encoding="utf-8"))
    assert {p.message for p in memo.errors} == {
        f"the required key '{key}' is empty: write its value after '{key}:'" for key in ("title", "date", "type")
    }
    assert "The page states no title." in out  # each draft's flags are printed
    assert "bridge.txt" in out and "kcna" in out and "transcript" in out
    assert "2 draft(s) written to" in out


def test_drafts_need_raw(tmp_path):
    with pytest.raises(CommandError, match="add --raw"):
        run("--drafts", tmp_path, write(tmp_path, "page.txt", KCNA_PAGE))


def test_a_draft_never_overwrites_its_own_page(tmp_path):
    page = write(tmp_path, "page.txt", KCNA_PAGE)
    err = StringIO()
    run("--raw", "--drafts", tmp_path, page, stderr=err)
    assert page.read_text(encoding="utf-8") == KCNA_PAGE
    assert "not written" in err.getvalue()


def test_dry_run_drafts_write_nothing(tmp_path):
    out = run("--raw", "--drafts", tmp_path / "drafts", "--dry-run", write(tmp_path, "page.txt", KCNA_PAGE))
    assert not (tmp_path / "drafts").exists()
    assert "1 draft(s) would be written (dry run)" in out


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the raw seed pages are not at {SEEDS}")
def test_seed_pages_become_drafts_with_the_same_base_names(tmp_path):
    run("--raw", "--drafts", tmp_path, SEEDS)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(path.stem + ".txt" for path in SEEDS.glob("*.txt"))


# --------------------------------------------------------------------------- --raw import, --dry-run


@pytest.mark.django_db
def test_raw_pages_import_through_their_drafts(tmp_path):
    out = run("--raw", write(tmp_path, "bridge.txt", KCNA_PAGE))
    document = Document.objects.get()
    assert (document.title, document.date_edtf, document.doc_type) == (
        "Report on Opening of New Bridge",
        "2022-10-01",
        "report",
    )
    assert document.status == "draft"
    assert "1 imported" in out


@pytest.mark.django_db
def test_raw_page_missing_required_keys_is_reported_against_its_draft(tmp_path):
    page = write(tmp_path, "memo.txt", TRANSCRIPT_PAGE)
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file"):
        run("--raw", page, stderr=err)
    assert f"{page} (draft):" in err.getvalue()
    assert "the required key 'title' is empty" in err.getvalue()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_dry_run_reports_what_would_be_created_and_writes_nothing():
    out = run("--dry-run", FIXTURES)
    assert "would be created" in out
    assert "5 would be imported (dry run: nothing written)" in out
    assert not Document.objects.exists()
    assert not Entity.objects.exists()
    assert not RecordNumber.objects.exists()


@pytest.mark.django_db
def test_dry_run_of_an_update_leaves_the_record_as_it_was(tmp_path, django_user_model):
    from django.contrib.admin.models import LogEntry

    django_user_model.objects.create_user("curator", password="x")
    import_text(annotated("First version.", record=7, title="Old title"))
    path = write(tmp_path, "seven.txt", annotated("Second version.", record=7, title="New title"))
    out = run("--dry-run", "--user", "curator", path)
    assert "would be updated" in out and "New title" in out
    document = Document.objects.get(record=7)
    assert document.title == "Old title"
    assert document.texts.get().source == "First version."
    assert not LogEntry.objects.exists()


@pytest.mark.django_db
def test_import_file_dry_run_keeps_the_report_but_not_the_records():
    report = import_file(annotated("Nothing stays.").encode(), name="x.txt", dry_run=True)
    assert report.ok and report.created
    assert report.document.title == "Test document"
    assert not Document.objects.exists()


# --------------------------------------------------------------------------- the progress line


def _batch(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        write(folder, f"page{number:02d}.txt", KCNA_PAGE)
    return folder


def test_progress_line_for_large_batches_on_a_terminal_only(tmp_path):
    large = _batch(tmp_path / "large", 21)
    terminal = TerminalOutput()
    run("--raw", "--drafts", tmp_path / "out1", large, stderr=terminal)
    assert "\r[21/21] page20.txt" in terminal.getvalue()
    plain = StringIO()
    run("--raw", "--drafts", tmp_path / "out2", large, stderr=plain)
    assert plain.getvalue() == ""  # not a terminal: logs stay clean
    small = TerminalOutput()
    run("--raw", "--drafts", tmp_path / "out3", _batch(tmp_path / "small", 20), stderr=small)
    assert small.getvalue() == ""
