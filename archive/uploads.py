"""Reading uploaded files and zip archives safely, with limits a curator can understand.

A rejected file never blocks the valid ones beside it: each comes back as an Upload with either
its text or the reason it was refused.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from charset_normalizer import from_bytes

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 200
MAX_ZIP_BYTES = 50 * 1024 * 1024  # all entries of one zip, uncompressed
MAX_RATIO = 100  # uncompressed size / compressed size of one entry
TEXT_SUFFIXES = (".txt", ".aat", ".text")


@dataclass
class Upload:
    name: str
    text: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def read_uploads(files: list[tuple[str, bytes]]) -> list[Upload]:
    """Files as (name, bytes); zips are opened and each entry judged on its own."""
    uploads: list[Upload] = []
    for name, data in files:
        if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
            uploads.extend(_zip_entries(name, data))
        else:
            uploads.append(decode(name, data))
    if len(uploads) > MAX_FILES:
        kept = uploads[:MAX_FILES]
        kept.append(Upload(f"{len(uploads) - MAX_FILES} more files", error=f"at most {MAX_FILES} files per import"))
        return kept
    return uploads


def decode(name: str, data: bytes) -> Upload:
    """The text of one file, or why it is refused: too large, empty, binary, not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        return Upload(name, error=f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    if not data.strip():
        return Upload(name, error="the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Upload(name, error="the file is binary, not text")
    try:
        return Upload(name, text=data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        guess = from_bytes(data).best()
        detected = f"it looks like {guess.encoding}" if guess else "its encoding could not be recognized"
        return Upload(
            name,
            error=(
                f"line {line}, column {column}: not UTF-8 ({detected}). "
                "Open it in a text editor and save it as UTF-8, then upload it again."
            ),
        )


def _zip_entries(name: str, data: bytes) -> list[Upload]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [Upload(name, error=f"not a readable zip archive ({exc})")]
    uploads, total = [], 0
    for info in infos:
        entry = f"{name}/{info.filename}"
        if info.is_dir() or _ignored(info.filename):
            continue
        problem = _unsafe(info)
        if problem:
            uploads.append(Upload(entry, error=problem))
            continue
        if not info.filename.lower().endswith(TEXT_SUFFIXES):
            uploads.append(Upload(entry, error="not a text file (.txt expected)"))
            continue
        total += info.file_size
        if total > MAX_ZIP_BYTES:
            uploads.append(Upload(entry, error=f"the zip expands to more than {MAX_ZIP_BYTES:,} bytes; split it"))
            break
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            uploads.append(Upload(entry, error=f"could not be read from the zip ({exc})"))
            continue
        uploads.append(decode(entry, content))
    if not uploads:
        return [Upload(name, error="the zip holds no files")]
    return uploads


def _ignored(filename: str) -> bool:
    base = posixpath.basename(filename)
    return filename.startswith("__MACOSX/") or base.startswith(".")


def _unsafe(info: zipfile.ZipInfo) -> str:
    """Why an entry is refused: a path that leaves the folder, a link, an absurd expansion."""
    path = info.filename.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("/") or ".." in parts or (len(parts[0]) == 2 and parts[0][1] == ":"):
        return "the entry's path points outside the archive folder"
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        return "the entry is a symbolic link"
    if info.flag_bits & 0x1:
        return "the entry is encrypted"
    if info.file_size > MAX_FILE_BYTES:
        return f"the entry expands to {info.file_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        return f"the entry expands {info.file_size // info.compress_size}-fold; such archives are refused"
    return ""
