#!/usr/bin/env python3
"""The in-process cost of rendering a document page, an entity page and a search page (page cache off).

    DATABASE_URL=sqlite:////path/to/corpus.sqlite3 .venv/bin/python bench/page_cost.py [--urls 300] [--seed 13]
        [--passes 2] [--pages document entity search] [--profile PAGE] [--json results.json]

Draws --urls published documents and --urls public entities with a fixed seed, and on SQLite up to
--urls search words per frequency band (rare, medium, common: the bands of bench/probe.py, words taken
from the search index), renders each page through Django's test client (no HTTP server, no network),
and prints per page type the median and p95 of wall time and CPU time (`time.process_time`, which the
other processes of a shared machine do not inflate), the median time spent in SQL and the SQL queries
per page. Each pass requests every URL once: the first pass pays for whatever a page keeps between
requests (formatted citations, compiled templates), later passes show the page when those are kept.
`--profile` requests the drawn URLs of one page type (document, entity, or a band: search-rare,
search-medium, search-common) --passes times and prints cProfile's functions with the most cumulative
time in the last pass.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ["PAGE_CACHE_SECONDS"] = "0"
KINDS = ("document", "entity", "search")
BANDS = ("rare", "medium", "common")
PROFILED = ("document", "entity", *(f"search-{band}" for band in BANDS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=300, help="URLs drawn per page type")
    parser.add_argument("--seed", type=int, default=13, help="seed of the draw")
    parser.add_argument("--passes", type=int, default=2, help="times each URL is requested")
    parser.add_argument("--pages", nargs="+", choices=KINDS, default=list(KINDS), help="page types measured")
    parser.add_argument("--profile", choices=PROFILED, help="profile one page type instead")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", "--noinput", verbosity=0)  # the hashed names the pages link to
    kinds = {args.profile.partition("-")[0]} if args.profile else set(args.pages)
    pages = draw_urls(args.urls, args.seed, kinds)
    client = Client(HTTP_HOST="localhost")
    client.get("/")  # load the templates and URL patterns once, outside the figures

    if args.profile:
        for _ in range(args.passes - 1):  # the profile is of the last pass
            for url in pages[args.profile]:
                client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for url in pages[args.profile]:
            client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(45)
        return 0

    rows = []
    for page, urls in pages.items():
        for n in range(1, args.passes + 1):
            wall, cpu, sql, queries = [], [], [], []
            for url in urls:
                timer = SqlTimer()
                with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
                    w0, c0 = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    c1, w1 = time.process_time(), time.perf_counter()
                sql.append(timer.seconds * 1000)
                if response.status_code != 200:
                    print(f"{url} answered {response.status_code}", file=sys.stderr)
                    return 1
                wall.append((w1 - w0) * 1000)
                cpu.append((c1 - c0) * 1000)
                queries.append(len(captured.captured_queries))
            rows.append(
                {
                    "page": page,
                    "pass": n,
                    "urls": len(urls),
                    "wall_p50": statistics.median(wall),
                    "wall_p95": percentile(wall, 95),
                    "cpu_p50": statistics.median(cpu),
                    "cpu_p95": percentile(cpu, 95),
                    "sql_p50": statistics.median(sql),
                    "queries_max": max(queries),
                }
            )
    print_table(rows, connection.vendor, args)
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "database": connection.vendor, "rows": rows}, indent=2))
    return 0


def draw_urls(count: int, seed: int, kinds: set[str]) -> dict[str, list[str]]:
    """count URLs of each page type of kinds, drawn from the published documents, public entities and words of
    the search index in a fixed order (search words on SQLite only: up to count per band, each once)."""
    from django.db import connection

    from archive.models import Document, Entity

    records = sorted(Document.objects.published().values_list("record", flat=True))
    entities = sorted(Entity.objects.current().public(), key=lambda entity: entity.pk)
    draw = random.Random(seed)
    pages = {
        "document": [f"/documents/{record}/" for record in draw.choices(records, k=count)],
        "entity": [entity.get_absolute_url() for entity in draw.choices(entities, k=count)],
    }
    pages = {page: urls for page, urls in pages.items() if page in kinds}
    if "search" in kinds and connection.vendor == "sqlite":
        import probe  # the bands of bench/run.py, from the words of SQLite's index

        vocabulary = probe._vocabulary(len(records))
        for band in BANDS:
            found = sorted(word for word, n in vocabulary.items() if _in_band(n, len(records), *probe.BANDS[band]))
            words = sorted(draw.sample(found, min(count, len(found))))
            if words:
                pages[f"search-{band}"] = [probe._search_url(word) for word in words]
    return pages


def _in_band(documents_with: int, documents: int, low: float, high: float) -> bool:
    return low * documents <= documents_with <= max(high * documents, 1)


class SqlTimer:
    """Wall time spent in the database's execute calls (a connection's execute_wrapper)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def print_table(rows: list[dict], vendor: str, args) -> None:
    print(f"{vendor}, {args.urls} URLs per page type drawn with seed {args.seed}, page cache off; ms per page")
    print("| page | URLs | pass | wall p50 | wall p95 | CPU p50 | CPU p95 | SQL p50 | queries |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['page']} | {row['urls']} | {row['pass']} | {row['wall_p50']:.2f} | {row['wall_p95']:.2f} "
            f"| {row['cpu_p50']:.2f} | {row['cpu_p95']:.2f} | {row['sql_p50']:.2f} | {row['queries_max']} |"
        )


if __name__ == "__main__":
    sys.exit(main())
