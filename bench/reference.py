"""Datasette beside the archive: the same published documents in a SQLite file it serves, its search and row pages.

Datasette is installed from bench/requirements.txt into its own virtualenv (var/bench/datasette-venv), never into
the project's. The export holds, per published document, its record number (the row's key), title, summary, type,
language, original language, year and the plain text of its texts, with an FTS5 index of title, summary and text.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "bench" / "requirements.txt"
DATABASE = "corpus"  # the name Datasette gives the export: the file's stem
RANKED_SQL = (
    "select documents.record, documents.title, snippet(documents_fts, 2, '<mark>', '</mark>', '…', 16) as snippet "
    "from documents_fts join documents on documents.record = documents_fts.rowid "
    "where documents_fts match :q order by rank limit {limit}"
)


def install(venv: Path) -> Path:
    """The datasette program of venv, installed at the version bench/requirements.txt pins."""
    program = venv / "bin" / "datasette"
    pin = next(line for line in REQUIREMENTS.read_text().splitlines() if line.startswith("datasette=="))
    wanted = pin.split("==")[1]
    if program.exists():
        version = subprocess.run([str(program), "--version"], capture_output=True, text=True).stdout.split()[-1]
        if version == wanted:
            return program
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    return program


def export(archive: Path, target: Path) -> int:
    """Write the published documents of the archive's SQLite database to target (kept while it is newer than the
    archive); return how many."""
    if target.exists() and target.stat().st_mtime > archive.stat().st_mtime:
        with sqlite3.connect(target) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.execute("ATTACH DATABASE ? AS archive", (f"file:{archive}?mode=ro",))
        connection.executescript(
            """
            CREATE TABLE documents (
                record INTEGER PRIMARY KEY, title TEXT, summary TEXT, doc_type TEXT, language TEXT,
                original_language TEXT, year INTEGER, date TEXT, body TEXT
            );
            -- The search index holds exactly the published documents, with their texts' plain words.
            INSERT INTO documents
            SELECT d.record, d.title, d.summary, d.doc_type, d.language, d.original_language,
                   CAST(strftime('%Y', d.date_start) AS INTEGER), d.date_edtf, s.body
            FROM archive.archive_document d JOIN archive.archive_search s ON s.rowid = d.id
            ORDER BY d.record;
            CREATE INDEX documents_doc_type ON documents (doc_type);
            CREATE INDEX documents_language ON documents (language);
            CREATE INDEX documents_year ON documents (year);
            CREATE VIRTUAL TABLE documents_fts USING fts5(
                title, summary, body, content="documents", content_rowid="record"
            );
            INSERT INTO documents_fts (rowid, title, summary, body) SELECT record, title, summary, body FROM documents;
            """
        )
        connection.commit()
        count = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        connection.close()
    partial.replace(target)
    return count


def pages(drawn: dict) -> dict[str, list[str]]:
    """Datasette's pages for the drawn documents and search words: its row page, its table page searched with
    exact facets (type, language, year; unranked: Datasette orders search results by key), and a ranked query
    with snippets (no facets, no count)."""
    size = drawn["page_size"]
    found = {"row": [f"/{DATABASE}/documents/{url.split('/')[2]}" for url in drawn["pages"]["document"]]}
    for band, band_words in drawn["bands"].items():
        if band_words["words"]:
            facets = [("_facet", "doc_type"), ("_facet", "language"), ("_facet", "year")]
            found[f"search with facets, {band}"] = [
                f"/{DATABASE}/documents?" + urlencode([("_search", word), *facets]) for word in band_words["words"]
            ]
            found[f"ranked query, {band}"] = [
                f"/{DATABASE}?" + urlencode({"sql": RANKED_SQL.format(limit=size), "q": word})
                for word in band_words["words"]
            ]
    return found


class Datasette:
    """`datasette serve` on a free loopback port, pinned to cpus, for the duration of a with block."""

    def __init__(self, program: Path, database: Path, *, port: int, cpus: str | None, page_size: int, log: Path):
        self.program, self.database, self.port, self.cpus, self.page_size = program, database, port, cpus, page_size
        self.log_path = log

    def __enter__(self):
        pin = ["taskset", "-c", self.cpus] if self.cpus else []
        settings = {
            "default_page_size": self.page_size,
            "facet_time_limit_ms": 60000,  # exact facets, as the archive's
            "sql_time_limit_ms": 60000,
            "suggest_facets": "off",
            "allow_download": "off",
        }
        options = [part for name, value in settings.items() for part in ("--setting", name, str(value))]
        command = [*pin, str(self.program), "serve", str(self.database), "--host", "127.0.0.1"]
        self.log = open(self.log_path, "w")  # closed in __exit__
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port), *options], stdout=self.log, stderr=subprocess.STDOUT
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/-/versions.json", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"datasette did not start: see {self.log_path}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
