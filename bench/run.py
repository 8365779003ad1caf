#!/usr/bin/env python3
"""Benchmark the reading pages at several archive sizes (a script, not a test: see bench/README.md).

For each size: a separate SQLite database under var/bench/, migrate + generate_corpus, collectstatic,
gunicorn on 127.0.0.1 (2 sync workers), then wrk on loopback for each page and for a static file of
the document page's size served by whitenoise through the same server (the ceiling of this stack).
Each page is measured twice: rendered for every request (page cache off), and served from the page
cache after one request for each of its URLs. Latency is measured with as many connections as
workers (each request is served at once, so it measures the page, not a queue), throughput with
--connections (every worker always busy); p95 under that load is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from serving import Gunicorn

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
STATIC_NAME = "bench/ceiling.html"
WORKERS = 2  # gunicorn sync workers: one per core
SEARCH_WORDS = ["fertilizer", "railway", "grain procurement", "embassy", "cooperatives", "plenum", "coal", "Kim"]

# wrk prints one JSON line at the end: latencies in microseconds.
WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""

# Run inside Django (a subprocess with the benchmark's DATABASE_URL): sample URLs and count queries.
PROBE = """
import json, sys
from urllib.parse import urlencode
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from archive.models import Document, Entity

documents = list(Document.objects.published().order_by("?").values_list("record", flat=True)[:300])
entities = list(Entity.objects.filter(mentions__document__status="published").distinct().order_by("?")[:300])
try:
    search = reverse("archive:search")
except NoReverseMatch:
    search = None
pages = {
    "document": [reverse("archive:document", args=[r]) for r in documents],
    "list, two filters": ["/documents/?type=report&year_from=1950"],
    "entity": [e.get_absolute_url() for e in entities],
}
if search:
    pages["search with facets"] = [f"{search}?{urlencode({'q': w})}" for w in json.loads(sys.argv[1])]
client = Client()
queries = {}
for page, urls in pages.items():
    counts = set()
    for url in urls[:5]:
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        assert status == 200, (url, status)
        counts.add(len(captured))
    queries[page] = sorted(counts)
sizes = [len(client.get(url).content) for url in pages["document"][:20]]
print("PROBE " + json.dumps({"pages": pages, "queries": queries, "document_bytes": sum(sizes) // len(sizes)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 100000], help="Archive sizes.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per page (at most 60).")
    parser.add_argument(
        "--connections", type=int, default=8, help="Concurrent connections for throughput (at most 64)."
    )
    parser.add_argument("--fresh", action="store_true", help="Rebuild the databases even when they exist.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    duration, connections = min(args.duration, 60), min(args.connections, 64)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in args.documents:
        results[size] = bench_size(size, duration, connections, args.fresh)
        (BENCH_DIR / f"results-{size}.json").write_text(json.dumps(results[size], indent=2))
        print_table(size, results[size])
    print_growth(results)
    return 0


def bench_size(size: int, duration: int, connections: int, fresh: bool) -> dict:
    database = BENCH_DIR / f"corpus-{size}.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "PYTHONPATH": str(ROOT),
        "PAGE_CACHE_SECONDS": "0",  # the probe counts the queries of a rendered page
    }
    built = {}
    if fresh or _documents_in(database) != size:
        for path in BENCH_DIR.glob(f"corpus-{size}.sqlite3*"):
            path.unlink()
        _manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        output = _manage(env, "generate_corpus", "--documents", str(size))
        built = {"generate_seconds": round(time.monotonic() - started, 1), "generate_output": output.strip()}
        print(output.strip())
    _manage(env, "migrate", "--noinput", "-v0")  # a database built by an earlier version catches up
    _manage(env, "collectstatic", "--noinput", "-v0")
    probe = json.loads(_run([PYTHON, "-c", PROBE, json.dumps(SEARCH_WORDS)], env).split("PROBE ", 1)[1])
    static_file = ROOT / "staticfiles" / STATIC_NAME
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_text("x" * probe["document_bytes"])
    pages = {**probe["pages"], "static file (ceiling)": [f"/static/{STATIC_NAME}"]}
    measured = {}
    cache_dir = BENCH_DIR / f"var-{size}"
    shutil.rmtree(cache_dir / "cache", ignore_errors=True)
    modes = {
        "rendered": {"PAGE_CACHE_SECONDS": "0"},
        "cached": {"PAGE_CACHE_SECONDS": "3600", "PLENUM_VAR_DIR": str(cache_dir)},
    }
    try:
        for mode, settings in modes.items():
            with Server({**env, **settings}) as server:
                for page, urls in pages.items():
                    if mode == "cached" and page.startswith("static"):
                        continue
                    paths = BENCH_DIR / "paths.txt"
                    paths.write_text("\n".join(urls) + "\n")
                    if mode == "cached":
                        server.visit(urls)  # each URL once: the cache holds them all
                    server.load(paths, seconds=3, connections=connections)  # warm up
                    result = server.load(paths, seconds=duration, connections=WORKERS)
                    loaded = server.load(paths, seconds=duration, connections=connections)
                    result.update(
                        rps=loaded["rps"], loaded_p95_ms=loaded["p95_ms"], errors=result["errors"] + loaded["errors"]
                    )
                    measured.setdefault(page, {"queries": probe["queries"].get(page, [])})[mode] = result
    finally:
        static_file.unlink(missing_ok=True)
    return {
        "documents": size,
        "document_bytes": probe["document_bytes"],
        "connections": connections,
        "pages": measured,
        **built,
    }


class Server(Gunicorn):
    """The archive served by 2 sync workers: one per core; the pages are CPU-bound Python, so threads
    would only queue on the GIL."""

    def __init__(self, env: dict):
        super().__init__(
            env,
            workers=WORKERS,
            options=["--worker-class", "sync"],
            log=BENCH_DIR / "gunicorn.log",
            ready=f"/static/{STATIC_NAME}",
        )

    def visit(self, urls: list[str]) -> None:
        for url in urls:
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}{url}", timeout=60).read()

    def load(self, paths: Path, *, seconds: int, connections: int) -> dict:
        script = BENCH_DIR / "paths.lua"
        script.write_text(WRK_SCRIPT)
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
        output = _run([*command, f"http://127.0.0.1:{self.port}"], {**os.environ, "BENCH_PATHS": str(paths)})
        result = json.loads(re.search(r"RESULT (\{.*\})", output).group(1))
        return {
            "median_ms": result["p50"] / 1000,
            "p95_ms": result["p95"] / 1000,
            "rps": result["requests"] / result["seconds"],
            "errors": result["errors"] + result["non2xx"],
        }


def print_table(size: int, result: dict) -> None:
    pages = result["pages"]
    ceiling = pages["static file (ceiling)"]["rendered"]["rps"]
    print(f"\n### {size:,} documents (document page ≈ {result['document_bytes']:,} bytes)\n")
    print(
        f"| page | served | median ms | p95 ms | p95 ms, {result['connections']} connections | req/s "
        "| req/s ÷ static | queries | errors |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|---:|")
    for page, modes in pages.items():
        queries = ", ".join(map(str, modes["queries"])) or "–"
        for mode in ("rendered", "cached"):
            if mode not in modes:
                continue
            m = modes[mode]
            ratio = f"{m['rps'] / ceiling:.2f}" if ceiling else "n/a (no static request completed)"
            served = "static" if page.startswith("static") else mode
            print(
                f"| {page} | {served} | {m['median_ms']:.1f} | {m['p95_ms']:.1f} | {m['loaded_p95_ms']:.1f} "
                f"| {m['rps']:.0f} | {ratio} "
                f"| {queries if mode == 'rendered' else '0'} | {m['errors']} |"
            )
    if "generate_seconds" in result:
        print(f"\nCorpus built in {result['generate_seconds']} s.")


def print_growth(results: dict) -> None:
    """p95 at the largest size over p95 at the smallest, per page (results of earlier runs included)."""
    for path in BENCH_DIR.glob("results-*.json"):
        size = int(path.stem.split("-")[1])
        results.setdefault(size, json.loads(path.read_text()))
    if len(results) < 2:
        return
    small, large = min(results), max(results)
    print(f"\n### p95 at {large:,} ÷ p95 at {small:,} documents\n")
    print("| page | rendered | cached |")
    print("|---|---:|---:|")
    for page, modes in results[large]["pages"].items():
        before = results[small]["pages"].get(page, {})
        ratios = [
            f"{modes[mode]['p95_ms'] / before[mode]['p95_ms']:.2f}" if mode in modes and mode in before else "–"
            for mode in ("rendered", "cached")
        ]
        print(f"| {page} | {' | '.join(ratios)} |")


def _documents_in(database: Path) -> int | None:
    if not database.exists():
        return None
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT count(*) FROM archive_document").fetchone()[0]
    except sqlite3.Error:
        return None


def _manage(env: dict, *arguments: str) -> str:
    return _run([PYTHON, "manage.py", *arguments], env)


def _run(command: list[str], env: dict) -> str:
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"{' '.join(command[:3])} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


if __name__ == "__main__":
    sys.exit(main())
