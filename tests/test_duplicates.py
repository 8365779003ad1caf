"""Imports that repeat a record: the checks (archive/duplicates.py, archive/fingerprint.py) and import_texts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.duplicates import SAME_TEXT, SAME_TITLE, SAME_URL, url_variants
from archive.fingerprint import NEAR_IDENTICAL, SKETCH_SIZE, overlap, shingles, sketch
from archive.importing import import_file
from archive.models import Document, Shingle
from tests.conftest import annotated, import_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

BODY = (
    "The plenum heard the report of the delegation on its visit to the fraternal countries, and noted "
    "that the economic plan for the coming year must take account of the harvest, the state of the "
    "cooperatives in the northern provinces and the needs of the population for grain and cloth."
)


def source(body=BODY, *, title="Plenum decision", extra="", record=None):
    return annotated(body, title=title, record=record, extra=extra)


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_texts", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc)
    return out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- fingerprints (no database)


def test_a_sketch_survives_small_edits_and_surrounding_clutter():
    base = shingles([BODY])
    edited = shingles([BODY.replace("coming year", "next year").upper()])
    cluttered = shingles(["Share this page. Donate now. Subscribe to our newsletter today.", BODY, "Back to top"])
    other = shingles(["A report on the tractor stations of the southern provinces and their repair shops in winter."])
    assert len(sketch(base)) == SKETCH_SIZE
    assert overlap(base, edited) >= NEAR_IDENTICAL
    assert overlap(base, cluttered) == 1.0
    assert overlap(base, other) == 0.0
    assert sketch(shingles(["Too short to compare."])) == []


def test_url_variants_cover_scheme_www_and_the_final_slash():
    variants = url_variants("https://www.example.org/document/123/#top")
    assert "http://example.org/document/123" in variants
    assert "https://www.example.org/document/123/" in variants
    assert url_variants("") == []


# --------------------------------------------------------------------------- the checks


def test_each_kind_of_repeat_is_found_and_explained(db):
    first = import_text(source(extra="source: KCNA\nsource.url: https://example.org/doc/1")).document
    assert Shingle.objects.filter(document=first).count() == SKETCH_SIZE
    same_url = import_file(
        source(
            "Another text altogether, nothing like it.", title="Other", extra="source.url: http://example.org/doc/1/"
        ).encode(),
        name="url.txt",
        dry_run=True,
    )
    assert [(d.document, d.reasons) for d in same_url.duplicates] == [(first, [SAME_URL])]
    assert any("the archive already holds record 1" in p.message and p.line == 7 for p in same_url.problems)
    same_title = import_file(source("Different words here.", extra="source: KCNA").encode(), name="t.txt", dry_run=True)
    assert [d.reasons for d in same_title.duplicates] == [[SAME_TITLE]]
    other_source = import_file(source("Different words here.", extra="source: Rodong Sinmun").encode(), name="o.txt")
    assert other_source.duplicates == []
    near = import_file(
        source(BODY.replace("grain and cloth", "grain, cloth and fuel"), title="Retitled").encode(),
        name="n.txt",
        dry_run=True,
    )
    (duplicate,) = near.duplicates
    assert duplicate.reasons == [SAME_TEXT] and duplicate.share >= NEAR_IDENTICAL
    assert "near-identical text (" in duplicate.describe()


def test_a_file_naming_a_record_is_an_update_or_a_restore_not_a_repeat(db):
    import_text(source(record=7))
    again = import_file(source(record=7).encode(), name="again.txt", duplicates="refuse")
    assert again.ok and again.duplicates == [] and not again.created
    restored = import_file(source(record=8).encode(), name="restored.txt", duplicates="refuse")
    assert restored.ok and restored.duplicates == [] and restored.created


def test_refuse_update_and_create(db):
    first = import_text(source()).document
    refused = import_file(source(title="Renamed").encode(), name="r.txt", duplicates="refuse")
    assert not refused.ok and refused.refused_as_duplicate and Document.objects.count() == 1
    updated = import_file(source(title="Renamed").encode(), name="u.txt", duplicates="update")
    assert updated.ok and updated.document.pk == first.pk and not updated.created
    first.refresh_from_db()
    assert first.title == "Renamed"
    created = import_file(source(title="Renamed again").encode(), name="c.txt", duplicates="create")
    assert created.ok and created.created and Document.objects.count() == 2
    several = import_file(source(title="Third").encode(), name="s.txt", duplicates="update")
    assert not several.ok and "repeats several records" in several.messages()[0]


def test_into_record_must_name_a_record(db):
    report = import_file(source().encode(), name="x.txt", into_record=99)
    assert not report.ok and "record 99 is not in the archive" in report.messages()[0]
    assert not Document.objects.exists()


# --------------------------------------------------------------------------- import_texts


def test_the_command_refuses_a_repeat_and_says_what_to_do(db, tmp_path):
    import_text(source(extra="source.url: https://example.org/doc/1"))
    path = tmp_path / "again.txt"
    path.write_text(source(title="Second copy", extra="source.url: https://example.org/doc/1"), encoding="utf-8")
    out, err = run("--dry-run", path)
    assert "record 1 is at /documents/1/" in out
    assert "--update-duplicates" in err and "--allow-duplicates" in err and "1 of 1 file(s) not imported" in err
    out, err = run(path)
    assert Document.objects.count() == 1
    out, err = run("--update-duplicates", "--dry-run", path)
    assert "would be updated" in out and Document.objects.get().title == "Plenum decision"
    out, err = run("--update-duplicates", path)
    assert Document.objects.get().title == "Second copy"
    out, err = run("--allow-duplicates", path)
    assert Document.objects.count() == 2 and "created" in out


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the raw seed pages are not at {SEEDS}")
def test_the_seeds_as_web_pages_do_not_become_new_records(seeds):
    pages = sorted(SEEDS.glob("*.txt"))
    out, err = run("--raw", "--dry-run", *pages)
    for record in seeds:
        assert f"record {record} " in out + err, record
    out, err = run("--raw", *pages)
    assert Document.objects.count() == len(seeds)
    assert f"{len(pages)} of {len(pages)} file(s) not imported" in err
