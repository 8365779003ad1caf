"""Reading uploaded files and zip archives safely, with limits a curator can understand.

A rejected file never blocks the valid ones beside it: each comes back as an Upload with either
its text or the reason it was refused.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from archive.annotated.parser import byte_position

from .charsets import likely_encoding, looks_utf16

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 200  # settings.DATA_UPLOAD_MAX_NUMBER_FILES says the same to Django
MAX_ZIP_BYTES = 50 * 1024 * 1024  # all entries of one zip, uncompressed; also the most a .zip may weigh
MAX_RATIO = 100  # uncompressed size / compressed size of one entry
MAX_NAME = 300  # characters of a file's name kept for the preview
TEXT_SUFFIXES = (".txt", ".aat", ".text")
CHUNK = 64 * 1024


@dataclass
class Upload:
    name: str
    text: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def limit_for(name: str) -> int:
    """The most bytes an uploaded file of this name may hold: a zip, or one text."""
    return MAX_ZIP_BYTES if name.lower().endswith(".zip") else MAX_FILE_BYTES


def too_large(name: str, limit: int) -> Upload:
    return Upload(_short(name), error=f"the file is larger than {limit:,} bytes, the limit; it was not read further")


def read_limited(handle, limit: int) -> bytes | None:
    """The content of an open file, read in chunks; None as soon as it passes limit (the rest unread)."""
    chunks, size = [], 0
    while chunk := handle.read(CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class LimitedUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes as they arrive and skips a file past its limit.

    Put first in request.upload_handlers: the handlers after it (memory, temporary file) never
    receive more than the limit of one file; a skipped file's remaining bytes are read from the
    connection and dropped. `refused` lists the skipped files as Uploads that say why."""

    def __init__(self, request=None):
        super().__init__(request)
        self.refused: list[Upload] = []
        self.size = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        limit = limit_for(self.file_name or "")
        if self.size > limit:
            self.refused.append(too_large(self.file_name or "(no name)", limit))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


def read_uploads(files: list[tuple[str, bytes]]) -> list[Upload]:
    """Files as (name, bytes); zips are opened and each entry judged on its own.

    Past MAX_FILES, further files and zip entries are counted, not read."""
    uploads: list[Upload] = []
    beyond = 0
    for name, data in files:
        room = MAX_FILES - len(uploads)
        if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
            entries, skipped = _zip_entries(_short(name), data, room)
            uploads.extend(entries)
            beyond += skipped
        elif room > 0:
            uploads.append(decode(_short(name), data))
        else:
            beyond += 1
    if beyond:
        uploads.append(Upload(f"{beyond} more files", error=f"at most {MAX_FILES} files per import"))
    return uploads


def decode(name: str, data: bytes) -> Upload:
    """The text of one file, or why it is refused: too large, empty, binary, not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        return Upload(name, error=f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    if not data.strip():
        return Upload(name, error="the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data and not looks_utf16(data):
            return Upload(name, error="the file is binary, not text")
        return _not_utf8(name, data, exc.start)
    if "\x00" in text:  # valid UTF-8, but no text holds NUL; UTF-16 of Latin script does
        if looks_utf16(data):
            return _not_utf8(name, data, data.index(b"\x00"))
        return Upload(name, error="the file is binary, not text (it holds NUL characters)")
    if not text.strip():  # separators and other spaces only
        return Upload(name, error="the file is empty")
    return Upload(name, text=text)


def _not_utf8(name: str, data: bytes, position: int) -> Upload:
    line, column = byte_position(data, position)
    guess = likely_encoding(data)
    detected = f"it looks like {guess}" if guess else "its encoding could not be recognized"
    return Upload(
        name,
        error=(
            f"line {line}, column {column}: not UTF-8 ({detected}). "
            "Open it in a text editor and save it as UTF-8, then upload it again."
        ),
    )


def _zip_entries(name: str, data: bytes, room: int) -> tuple[list[Upload], int]:
    """The zip's entries, at most `room` of them read; and how many more it holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return ([Upload(name, error=f"not a readable zip archive ({exc})")] if room > 0 else []), max(0, 1 - room)
    uploads, total, beyond = [], 0, 0
    for info in infos:
        entry = _short(f"{name}/{info.filename}")
        if info.is_dir() or _ignored(info.filename):
            continue
        if len(uploads) >= room:
            beyond += 1
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
    if not uploads and not beyond and room > 0:
        return [Upload(name, error="the zip holds no files")], 0
    return uploads, beyond


def _short(name: str) -> str:
    """A file's name as the preview shows it: long names keep their start and end."""
    return name if len(name) <= MAX_NAME else f"{name[: MAX_NAME // 2 - 1]}…{name[-(MAX_NAME // 2) :]}"


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
