#!/usr/bin/env python3
"""The in-process cost of rendering a document page and an entity page (page cache off).

    DATABASE_URL=sqlite:////path/to/corpus.sqlite3 .venv/bin/python bench/page_cost.py [--urls 300] [--seed 13]
        [--passes 2] [--profile document|entity] [--json results.json]

Draws --urls published documents and --urls public entities with a fixed seed, renders each through
Django's test client (no HTTP server, no network), and prints per page type the median and p95 of wall
time and CPU time (`time.process_time`, which the other processes of a shared machine do not inflate)
and the SQL queries per page. Each pass requests every URL once: the first pass pays for whatever a
page keeps between requests (formatted citations, compiled templates), later passes show the page when
those are kept. `--profile` requests the drawn URLs of one page type --passes times and prints cProfile's
functions with the most cumulative time in the last pass.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=300, help="URLs drawn per page type")
    parser.add_argument("--seed", type=int, default=13, help="seed of the draw")
    parser.add_argument("--passes", type=int, default=2, help="times each URL is requested")
    parser.add_argument("--profile", choices=("document", "entity"), help="profile one page type instead")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", "--noinput", verbosity=0)  # the hashed names the pages link to
    pages = draw_urls(args.urls, args.seed)
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
            wall, cpu, queries = [], [], []
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    w0, c0 = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    c1, w1 = time.process_time(), time.perf_counter()
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
                    "queries_max": max(queries),
                }
            )
    print_table(rows, connection.vendor, args)
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "database": connection.vendor, "rows": rows}, indent=2))
    return 0


def draw_urls(count: int, seed: int) -> dict[str, list[str]]:
    """count URLs of each page type, drawn from the published documents and public entities in a fixed order."""
    from archive.models import Document, Entity

    records = sorted(Document.objects.published().values_list("record", flat=True))
    entities = sorted(Entity.objects.current().public(), key=lambda entity: entity.pk)
    draw = random.Random(seed)
    return {
        "document": [f"/documents/{record}/" for record in draw.choices(records, k=count)],
        "entity": [entity.get_absolute_url() for entity in draw.choices(entities, k=count)],
    }


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def print_table(rows: list[dict], vendor: str, args) -> None:
    print(f"{vendor}, {args.urls} URLs per page type drawn with seed {args.seed}, page cache off; ms per page")
    print("| page | pass | wall p50 | wall p95 | CPU p50 | CPU p95 | queries |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['page']} | {row['pass']} | {row['wall_p50']:.2f} | {row['wall_p95']:.2f} "
            f"| {row['cpu_p50']:.2f} | {row['cpu_p95']:.2f} | {row['queries_max']} |"
        )


if __name__ == "__main__":
    sys.exit(main())
