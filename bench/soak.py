#!/usr/bin/env python3
"""Readers under an import (a script, not a test: see bench/README.md).

Builds (or reuses) an archive in var/soak/ (`generate_corpus --documents N` into a throwaway SQLite
database), and the files to import: another generated corpus (another seed) exported with
`export_texts`, its record numbers taken out so that each file makes a new record. Serves the archive
with gunicorn (2 workers of 4 threads each, loopback, a free port, its own page cache), and runs READERS reader
threads for --seconds twice: before the import, and while `import_texts` loads the files in another
process. The URLs are drawn with a fixed seed from a Zipf-like distribution over documents, entity
pages, lists and searches. While the import runs, the database is checked every two seconds for a
published record without its texts; after it, the imported records' texts and mentions are counted
against the corpus they came from. Prints one table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from serving import Gunicorn

ROOT = Path(__file__).resolve().parent.parent
SOAK_DIR = ROOT / "var" / "soak"
ACCESS_LOG = SOAK_DIR / "access.log"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
WORKERS = 2  # gunicorn workers: one per core
# Threads per worker: a page found in the cache is served while a page being rendered waits on the
# database, instead of queueing behind it.
THREADS = 4
IMPORT_OPTIONS = ["--keys-only", "--allow-duplicates"]  # the generated files name their entities by key
READERS = 32
WARM_UP = 30  # seconds of reading before the first phase, not counted
SEGMENTS = {kind: f"{kind}s" for kind in ("person", "organization", "place", "event", "topic")}
SEARCH_WORDS = ["fertilizer", "railway", "grain", "embassy", "cooperatives", "plenum", "coal", "Kim", "steel"]
LIST_PAGES = ["/", "/documents/", "/documents/?type=report", "/documents/?page=2", "/collections/", "/persons/"]
LIST_PAGES += ["/places/", "/events/timeline/", "/browse/dates/", "/feeds/documents/", "/organizations/", "/topics/"]
MIX = {"document": 0.55, "entity": 0.25, "list": 0.10, "search": 0.10}  # share of the requests
MAX_IMPORT_SECONDS = 1800
WRK_THREADS = 2  # the load client's threads: one per core, as wrk is an event loop per thread

# Each wrk thread walks the URL list from its own starting place; every answer but 200 counts as failed.
# Latencies (microseconds) are wrk's own, from a request written to its response read.
WRK_SCRIPT = """
local paths, threads, counter = {}, {}, 0
for line in io.lines(os.getenv("SOAK_PATHS")) do paths[#paths + 1] = line end
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
init = function(args)
  n = math.floor((id - 1) * #paths / tonumber(os.getenv("SOAK_THREADS")))
  not_ok = 0
end
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end
done = function(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "p99": %d, '
    .. '"errors": %d, "not_ok": %d}\\n', summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.timeout, failed))
end
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000, help="Documents in the archive served.")
    parser.add_argument("--files", type=int, default=3000, help="Files imported during the load.")
    parser.add_argument("--seconds", type=int, default=60, help="Length of each phase of reading.")
    parser.add_argument("--seed", type=int, default=10, help="Seed of the URLs drawn.")
    parser.add_argument("--fresh", action="store_true", help="Rebuild the archive and the files.")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn worker processes.")
    parser.add_argument("--threads", type=int, default=THREADS, help="Threads of each worker.")
    parser.add_argument("--import-niceness", type=int, default=0, help="nice value of the import (0 to 19).")
    args = parser.parse_args()
    SOAK_DIR.mkdir(parents=True, exist_ok=True)
    served, source = SOAK_DIR / "archive.sqlite3", SOAK_DIR / "source.sqlite3"
    files = SOAK_DIR / "files"
    env = environment(served)
    build(source, args.files, seed=7, fresh=args.fresh)
    if args.fresh or len(list(files.glob("*.txt"))) != args.files:
        shutil.rmtree(files, ignore_errors=True)
        manage(environment(source), "export_texts", str(files))
        for path in files.glob("*.txt"):  # new records: no record number
            path.write_text(re.sub(r"^record: .*\n", "", path.read_text(), count=1, flags=re.M))
    # The served archive is copied afresh from a pristine one each run (the last run imported into it).
    pristine = SOAK_DIR / "pristine.sqlite3"
    build(pristine, args.documents, seed=1956, fresh=args.fresh)
    for path in SOAK_DIR.glob("archive.sqlite3*"):
        path.unlink()
    with sqlite3.connect(pristine) as origin, sqlite3.connect(served) as copy:
        origin.backup(copy)
    manage(env, "collectstatic", "--noinput", "-v0")
    before_count = count(served, "SELECT count(*) FROM archive_document")
    urls = draw_urls(served, args.seed)
    shutil.rmtree(SOAK_DIR / "var" / "cache", ignore_errors=True)
    rows = {}
    with Server(env, args.workers, args.threads) as server:
        server.read(urls, WARM_UP)  # the cache holds what readers ask for most, as on a site in use
        rows["before the import"] = server.read(urls, args.seconds)
        log = open(SOAK_DIR / "import.log", "w")  # noqa: SIM115 (closed once the import ends)
        importer = subprocess.Popen(
            # At the server's own CPU priority unless --import-niceness says otherwise: readers go on for the
            # whole import, and at nice 19 an import beside 32 busy readers would hardly move.
            ["nice", "-n", str(args.import_niceness), PYTHON, "manage.py", "import_texts", *IMPORT_OPTIONS, str(files)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        watcher = HalfWritten(served)
        watcher.start()
        started = time.monotonic()
        try:
            # Readers for the whole import, and at least --seconds.
            rows["during the import"] = server.read(urls, args.seconds, until=importer)
            importer.wait(timeout=MAX_IMPORT_SECONDS)
        finally:
            if importer.poll() is None:
                importer.terminate()
            watcher.stop()
            log.close()
        import_seconds = time.monotonic() - started
    print_table(rows, args.workers, args.threads)
    imported = count(served, "SELECT count(*) FROM archive_document") - before_count
    print(f"\nimport: exit code {importer.returncode}, {imported} of {args.files} records in {import_seconds:.0f} s")
    print(f"half-written records seen while importing (published, no text): {watcher.worst}")
    return 0 if check_records(served, source, before_count, args.files) and watcher.worst == 0 else 1


def environment(database: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
        "PAGE_CACHE_SECONDS": "3600",
        "PLENUM_VAR_DIR": str(SOAK_DIR / "var"),
    }


def build(database: Path, documents: int, *, seed: int, fresh: bool) -> None:
    if not fresh and database.exists() and count(database, "SELECT count(*) FROM archive_document") == documents:
        return
    for path in database.parent.glob(database.name + "*"):
        path.unlink()
    env = environment(database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_corpus", "--documents", str(documents), "--seed", str(seed))


def count(database: Path, sql: str, params=()) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
        return connection.execute(sql, params).fetchone()[0]


def draw_urls(database: Path, seed: int, size: int = 200_000) -> list[str]:
    """size URLs drawn with seed: each pool ranked at random, then drawn with weight 1/rank (Zipf)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        records = [r for (r,) in connection.execute("SELECT record FROM archive_document WHERE status='published'")]
        entities = connection.execute(
            "SELECT DISTINCT e.id, e.kind FROM archive_entity e JOIN archive_mention m ON m.entity_id = e.id"
            " JOIN archive_document d ON d.id = m.document_id WHERE d.status = 'published' AND e.merged_into_id IS NULL"
        ).fetchall()
    rng = random.Random(seed)
    pools = {
        "document": [f"/documents/{record}/" for record in sorted(records)],
        "entity": [f"/{SEGMENTS[kind]}/{pk}/" for pk, kind in sorted(entities)],
        "list": LIST_PAGES,
        "search": [f"/search/?q={word}" for word in SEARCH_WORDS],
    }
    drawn = {}
    for name, pool in pools.items():
        rng.shuffle(pool)
        weights = [1 / (rank**1.1) for rank in range(1, len(pool) + 1)]
        drawn[name] = rng.choices(pool, weights=weights, k=int(size * MIX[name]) + 1)
    urls = [url for pool in drawn.values() for url in pool][:size]
    rng.shuffle(urls)
    return urls


def kind_of(url: str) -> str:
    if url.startswith("/documents/") and url[11:12].isdigit():
        return "document"
    if url.startswith("/search/"):
        return "search"
    return "entity" if url.rstrip("/").split("/")[-1].isdigit() else "list"


class Server(Gunicorn):
    """The archive served by gunicorn's workers of threads each."""

    def __init__(self, env: dict, workers: int, threads: int):
        options = ["--worker-class", "gthread", "--threads", str(threads), "--timeout", "60"]
        # Each request's path and the server's time for it, for the table of pages by kind.
        options += ["--access-logfile", str(ACCESS_LOG), "--access-logformat", "%(U)s %(s)s %(M)s"]
        super().__init__(env, workers=workers, options=options, log=SOAK_DIR / "gunicorn.log", ready="/robots.txt")

    def read(self, urls: list[str], seconds: int, until: subprocess.Popen | None = None) -> dict:
        """READERS connections of wrk, going through urls from their own places in turn, for seconds, and
        then until the process `until` has ended (wrk stopped by SIGINT, which ends its run as -d would)."""
        paths = SOAK_DIR / "paths.txt"
        paths.write_text("\n".join(urls) + "\n")
        script = SOAK_DIR / "readers.lua"
        script.write_text(WRK_SCRIPT)
        longest = seconds if until is None else MAX_IMPORT_SECONDS
        command = ["wrk", f"-t{WRK_THREADS}", f"-c{READERS}", f"-d{longest}s", "--timeout", "10s", "-s", str(script)]
        command.append(f"http://127.0.0.1:{self.port}")
        logged = ACCESS_LOG.stat().st_size if ACCESS_LOG.exists() else 0
        env = {**os.environ, "SOAK_PATHS": str(paths), "SOAK_THREADS": str(WRK_THREADS)}
        wrk = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if until is not None:
            time.sleep(seconds)
            with contextlib.suppress(subprocess.TimeoutExpired):
                until.wait(timeout=MAX_IMPORT_SECONDS - seconds)
            wrk.send_signal(signal.SIGINT)
        stdout, stderr = wrk.communicate()
        line = next((line for line in stdout.splitlines() if line.startswith("RESULT ")), None)
        if line is None:
            sys.exit(f"wrk gave no result:\n{stdout}\n{stderr}")
        result = json.loads(line.removeprefix("RESULT "))
        print_server_times(ACCESS_LOG, logged)
        return {
            "requests": result["requests"],
            "failed": result["errors"] + result["not_ok"],
            **{key: result[key] / 1000 for key in ("p50", "p95", "p99")},
            "rps": result["requests"] / result["seconds"],
        }


def print_server_times(log: Path, offset: int) -> None:
    """The server's own time for each kind of page (gunicorn's access log from offset): what a reader's
    latency holds besides waiting for a worker."""
    times: dict[str, list[int]] = {kind: [] for kind in MIX}
    with open(log, encoding="utf-8", errors="replace") as lines:
        lines.seek(offset)
        for line in lines:
            path, _, milliseconds = line.rstrip("\n").rsplit(" ", 2)
            if milliseconds.isdigit():
                times[kind_of(path)].append(int(milliseconds))
    for kind, mine in times.items():
        if len(mine) > 1:
            cut = statistics.quantiles(sorted(mine), n=100)
            print(f"  {kind}: {len(mine)} requests, server time p50 {cut[49]:.0f} ms, p99 {cut[98]:.0f} ms")


class HalfWritten(threading.Thread):
    """Every two seconds, the number of published records the readers could see without a text."""

    SQL = (
        "SELECT count(*) FROM archive_document d WHERE d.status = 'published'"
        " AND NOT EXISTS (SELECT 1 FROM archive_text t WHERE t.document_id = d.id)"
    )

    def __init__(self, database: Path):
        super().__init__(daemon=True)
        self.database, self.worst, self.stopping = database, 0, threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(2):
            with contextlib.suppress(sqlite3.Error):
                self.worst = max(self.worst, count(self.database, self.SQL))

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def check_records(served: Path, source: Path, before: int, files: int) -> bool:
    """Every imported record has as many texts and mentions as the record it came from."""
    first_new = count(served, "SELECT id FROM archive_document ORDER BY id LIMIT 1 OFFSET ?", (before - 1,))
    new = "FROM archive_document d WHERE d.id > ?"
    without = f"SELECT count(*) {new} AND NOT EXISTS (SELECT 1 FROM archive_text t WHERE t.document_id = d.id)"
    queries = {
        "records": f"SELECT count(*) {new}",
        "texts": f"SELECT count(*) FROM archive_text WHERE document_id IN (SELECT d.id {new})",
        "mentions": f"SELECT count(*) FROM archive_mention WHERE document_id IN (SELECT d.id {new})",
        "without a text": without,
    }
    imported = {key: count(served, sql, (first_new,)) for key, sql in queries.items()}
    origin = {key: count(source, sql, (0,)) for key, sql in queries.items()}
    print("\n| records | imported | in the files' corpus |\n|---|---:|---:|")
    for key in queries:
        print(f"| {key} | {imported[key]} | {origin[key]} |")
    whole = imported == origin and origin["records"] == files
    print(f"\nhalf-written or missing records: {'none' if whole else 'SOME (counts differ)'}")
    return whole


def print_table(rows: dict, workers: int, threads: int) -> None:
    print(f"\n{READERS} readers (wrk connections), {workers} gunicorn workers of {threads} threads\n")
    print("| phase | requests | failed | p50 ms | p95 ms | p99 ms | req/s |\n|---|---:|---:|---:|---:|---:|---:|")
    for phase, row in rows.items():
        print(
            f"| {phase} | {row['requests']} | {row['failed']} | {row['p50']:.0f} | {row['p95']:.0f} |"
            f" {row['p99']:.0f} | {row['rps']:.0f} |"
        )


def manage(env: dict, *arguments: str) -> str:
    completed = subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"manage.py {arguments[0]} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


if __name__ == "__main__":
    sys.exit(main())
