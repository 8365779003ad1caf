#!/usr/bin/env python3
"""Time parsing and the admin's import preview of 2 MB annotated texts (a script, not a test).

Run: .venv/bin/python bench/parse.py [--repeat 3]

Each of the five seed files in fixtures/ is grown to 2,000,000 bytes by repeating its body (its
paragraphs, headings, directives and marks, every entity key declared in its header) under its own
header, given a record number of its own. The first of them is timed alone; all five go into one
zip. A throwaway SQLite database in a temporary folder holds the seed collection (so the preview
resolves entities, suggests marks and, for the file that updates record 1, diffs the texts); the
developer's database is never touched.

Rows: parse() of one file; the upload page (a POST of the file or the zip: reading, size checks,
decoding, staging) and the preview page (a GET: parse, dry-run import, rendering, suggestions,
diff), both through Django's test client as a signed-in curator; and import_file() of the one file,
the work confirming it does (it updates record 1). Best and worst of --repeat runs.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SIZE = 2_000_000


def grown(source: str, record: int | None, size: int = SIZE) -> str:
    """The file with its body repeated to `size` bytes (UTF-8), cut at a block boundary."""
    head, _, body = source.partition("\n\n")
    if record is None:
        head = re.sub(r"^record: .*\n", "", head, flags=re.M)
    else:
        head = re.sub(r"^record: .*$", f"record: {record}", head, flags=re.M)
    blocks = _blocks(body)
    out, used, index = [head, "\n\n"], len(head.encode()) + 2, 0
    while True:
        block = blocks[index % len(blocks)] + "\n\n"
        if used + len(block.encode()) > size:
            break
        out.append(block)
        used += len(block.encode())
        index += 1
    return "".join(out)


def _blocks(body: str) -> list[str]:
    """The body's blocks, a fenced block (@stamp ... @end) kept whole; @text lines left out."""
    blocks, current = [], []
    for chunk in body.split("\n\n"):
        current.append(chunk)
        opened = sum(line.strip() in ("@stamp", "@opener", "@closer") for line in "\n\n".join(current).split("\n"))
        closed = sum(line.strip() == "@end" for line in "\n\n".join(current).split("\n"))
        if opened == closed:
            text = "\n\n".join(current).strip("\n")
            current = []
            if text and not text.startswith("@text"):
                blocks.append(text)
    return blocks


def setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["PLENUM_VAR_DIR"] = str(folder)
    os.environ["SECRET_KEY"] = "bench-only-key-" + "x" * 40
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("PLENUM_ENV", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    # Static names unhashed, as without collectstatic.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(
        STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": static}
    ).enable()

    call_command("migrate", verbosity=0)
    call_command("import_texts", str(FIXTURES), status="published", verbosity=0, stdout=io.StringIO())


def timed(function, repeat: int) -> tuple[float, float, float, object]:
    """Best and worst wall-clock seconds of `repeat` runs, the best CPU seconds, the last result."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return min(times), max(times), min(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each measurement (best and worst shown).")
    args = parser.parse_args()

    seeds = sorted(FIXTURES.glob("*.txt"))
    # The first file updates record 1 (so the preview diffs it); the others are new records.
    files = [
        (path.name, grown(path.read_text(encoding="utf-8"), 1 if n == 0 else None)) for n, path in enumerate(seeds)
    ]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            archive.writestr(name, text)

    with tempfile.TemporaryDirectory(prefix="plenum-bench-") as folder:
        setup_django(Path(folder))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from archive.annotated import parse
        from archive.importing import import_file

        get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-1956")
        client = Client()
        client.force_login(get_user_model().objects.get(username="bench"))

        def upload(name: str, data: bytes):
            def run():
                response = client.post("/admin/archive/document/import/", {"files": [_named(name, data)]})
                assert response.status_code == 302, f"upload answered {response.status_code}"
                return response["Location"]

            return run

        def show(location: str):
            def run():
                response = client.get(location)
                assert response.status_code == 200, f"preview answered {response.status_code}"
                return response

            return run

        rows = []
        name, text = files[0]
        data = text.encode("utf-8")
        best, worst, cpu, parsed = timed(lambda: parse(text), args.repeat)
        blocks = sum(len(t.blocks) for t in parsed.texts)
        rows.append((f"parse(), one file ({blocks:,} blocks)", len(data), best, worst, cpu))
        best, worst, cpu, location = timed(upload(name, data), args.repeat)
        rows.append(("upload page, one file", len(data), best, worst, cpu))
        best, worst, cpu, _ = timed(show(location), args.repeat)
        rows.append(("preview page, one file (updates record 1)", len(data), best, worst, cpu))
        zipped = packed.getvalue()
        best, worst, cpu, location = timed(upload("five.zip", zipped), args.repeat)
        rows.append(("upload page, zip of five", len(zipped), best, worst, cpu))
        best, worst, cpu, _ = timed(show(location), args.repeat)
        rows.append(("preview page, zip of five", sum(len(t.encode()) for _, t in files), best, worst, cpu))
        # Last: it replaces record 1, which the previews above compare the first file with.
        best, worst, cpu, _ = timed(lambda: import_file(data, name=name), args.repeat)
        rows.append(("import_file(), one file (as confirming does)", len(data), best, worst, cpu))

    print(f"| {'measurement':<50} | {'bytes':>10} | {'best s':>7} | {'worst s':>7} | {'CPU s':>6} |")
    print(f"|{'-' * 52}|{'-' * 11}:|{'-' * 8}:|{'-' * 8}:|{'-' * 7}:|")
    for label, size, best, worst, cpu in rows:
        print(f"| {label:<50} | {size:>10,} | {best:>7.3f} | {worst:>7.3f} | {cpu:>6.3f} |")
    print(f"\nWall-clock seconds, best and worst of {args.repeat} runs; CPU: this process's CPU seconds (best),")
    print(f"which a busy machine does not inflate. Python {sys.version.split()[0]}, {os.cpu_count()} CPUs.")


def _named(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


if __name__ == "__main__":
    main()
