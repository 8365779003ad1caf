"""Uploaded files and zips: every limit refuses with a clear reason, and never blocks the others."""

import io
import zipfile

import pytest

from archive import uploads
from archive.uploads import read_uploads


def make_zip(entries, *, symlink: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def by_name(results):
    return {u.name: u for u in results}


def test_a_text_file_is_read():
    [upload] = read_uploads([("kim.txt", "AAT/1\n김일성".encode())])
    assert upload.ok and upload.text.endswith("김일성")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"x" * (uploads.MAX_FILE_BYTES + 1), "the limit is"),
    ],
)
def test_refused_files_say_why(data, reason):
    [upload] = read_uploads([("bad.txt", data)])
    assert not upload.ok and reason in upload.error


def test_non_utf8_names_the_place_and_the_likely_encoding():
    data = "AAT/1\ntitle: Café in Pyŏngyang\n".encode("cp1252", errors="replace")
    [upload] = read_uploads([("latin.txt", data)])
    assert "line 2, column 11: not UTF-8 (it looks like" in upload.error
    assert "save it as UTF-8" in upload.error


def test_a_zip_is_opened_and_bad_entries_do_not_block_good_ones():
    bomb = b"0" * (uploads.MAX_FILE_BYTES - 10)
    data = make_zip(
        [
            ("good/one.txt", b"AAT/1\none"),
            ("../escape.txt", b"AAT/1\nsneaky"),
            ("/abs.txt", b"AAT/1\nabsolute"),
            ("bomb.txt", bomb),
            ("picture.png", b"\x89PNG"),
            ("__MACOSX/._one.txt", b"junk"),
            ("empty.txt", b""),
        ],
        symlink="link.txt",
    )
    results = by_name(read_uploads([("batch.zip", data)]))
    assert results["batch.zip/good/one.txt"].ok
    assert "outside the archive folder" in results["batch.zip/../escape.txt"].error
    assert "outside the archive folder" in results["batch.zip//abs.txt"].error
    assert "fold" in results["batch.zip/bomb.txt"].error
    assert "not a text file" in results["batch.zip/picture.png"].error
    assert "symbolic link" in results["batch.zip/link.txt"].error
    assert "empty" in results["batch.zip/empty.txt"].error
    assert not any("__MACOSX" in name for name in results)


def test_a_broken_zip_is_refused():
    [upload] = read_uploads([("broken.zip", b"PK\x03\x04 not really a zip")])
    assert "not a readable zip" in upload.error


def test_too_many_files(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILES", 3)
    results = read_uploads([(f"{n}.txt", b"AAT/1\nx") for n in range(5)])
    assert [u.ok for u in results] == [True, True, True, False]
    assert "at most 3 files" in results[-1].error


def test_zip_total_expansion_is_capped(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_BYTES", 1000)
    data = make_zip([(f"{n}.txt", b"AAT/1\n" + b"a b " * 100) for n in range(5)])
    results = read_uploads([("big.zip", data)])
    assert any("expands to more than" in u.error for u in results)
    assert results[0].ok
