#!/usr/bin/env python3
"""CPU per page, in-process: the archive's document page beside Datasette's row page for the same documents.

    .venv/bin/python bench/row_cpu.py [--documents 1000] [--passes 3]

Reads the documents bench/run.py drew (var/bench/urls-N.json) and the copy it gave Datasette
(var/bench/datasette-N/corpus.db), so run bench/run.py for that size first. Renders each document page
through Django's test client on var/bench/corpus-N.sqlite3 (page cache off) and each row page through
Datasette's own client in its virtualenv (var/bench/datasette-venv), and prints the median CPU time
(`time.process_time`, every thread of the process) and wall time per pass, then the ratio of the
lowest CPU median of a pass on each side (the pass the other processes disturbed least). Neither
runs an HTTP server, so the load of a shared machine bends these figures far less than bench/run.py's
latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="the size bench/run.py measured")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--side", choices=("archive", "datasette"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    drawn = json.loads((BENCH_DIR / f"urls-{args.documents}.json").read_text())
    records = [url.split("/")[2] for url in drawn["pages"]["document"]]
    if args.side == "archive":
        return print_passes("archive document page", archive_pages(records, args))
    if args.side == "datasette":
        return print_passes("Datasette row page", asyncio.run(datasette_pages(records, args)))
    medians = {}
    for side, python in (("archive", sys.executable), ("datasette", BENCH_DIR / "datasette-venv" / "bin" / "python")):
        command = [str(python), __file__, "--documents", str(args.documents), "--passes", str(args.passes)]
        command += ["--side", side]
        output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        print(output, end="")
        medians[side] = min(float(line.split("CPU p50 ")[1].split()[0]) for line in output.strip().splitlines())
    print(f"archive ÷ Datasette, lowest CPU p50 of a pass: {medians['archive'] / medians['datasette']:.2f}")
    return 0


def archive_pages(records: list[str], args) -> list[list[tuple[float, float]]]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / f'corpus-{args.documents}.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", "--noinput", verbosity=0)
    client = Client(HTTP_HOST="localhost")
    client.get("/")
    return [timed(lambda r: client.get(f"/documents/{r}/").status_code, records) for _ in range(args.passes)]


async def datasette_pages(records: list[str], args) -> list[list[tuple[float, float]]]:
    from datasette.app import Datasette

    database = BENCH_DIR / f"datasette-{args.documents}" / "corpus.db"
    datasette = Datasette([str(database)])
    await datasette.invoke_startup()
    passes = []
    for _ in range(args.passes):
        times = []
        for record in records:
            w0, c0 = time.perf_counter(), time.process_time()
            status = (await datasette.client.get(f"/{database.stem}/documents/{record}")).status_code
            times.append(((time.process_time() - c0) * 1000, (time.perf_counter() - w0) * 1000))
            if status != 200:
                sys.exit(f"Datasette answered {status} for record {record}")
        passes.append(times)
    return passes


def timed(get, records: list[str]) -> list[tuple[float, float]]:
    times = []
    for record in records:
        w0, c0 = time.perf_counter(), time.process_time()
        status = get(record)
        times.append(((time.process_time() - c0) * 1000, (time.perf_counter() - w0) * 1000))
        if status != 200:
            sys.exit(f"The archive answered {status} for record {record}")
    return times


def print_passes(label: str, passes: list[list[tuple[float, float]]]) -> int:
    for n, times in enumerate(passes, 1):
        cpu, wall = statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)
        print(f"{label}, pass {n}: {len(times)} documents, CPU p50 {cpu:.2f} ms, wall p50 {wall:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
