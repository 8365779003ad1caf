#!/usr/bin/env python3
"""Benchmark the reading pages on SQLite and PostgreSQL, with Datasette beside them (see bench/README.md).

For each size: the same generated corpus in a SQLite database and a PostgreSQL one under var/bench/; URLs drawn with
a fixed seed (hundreds per page type; search words by how many documents they match); gunicorn pinned to the server's
CPUs and wrk to the others; every page rendered (page cache off), then a Zipf-drawn stream over ~10,000 URLs
from a cold page cache; Datasette serving the same published documents. Prints markdown tables and keeps the raw
JSON in var/bench/results-N.json.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from postgres import Postgres
from reference import Datasette, export, install
from reference import pages as datasette_pages
from serving import Gunicorn, free_port

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LUA = ROOT / "bench" / "load.lua"
STATIC_NAME = "bench/ceiling.html"
SEED = 1956
STREAM = 200_000  # requests drawn for the cached mode (a run uses the first ones)
ZIPF_EXPONENT = 1.0
BACKENDS = ("sqlite", "postgresql")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 100000], help="Archive sizes.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of each load (at most 60).")
    parser.add_argument("--connections", type=int, default=8, help="Connections for throughput (at most 64).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (one thread each).")
    parser.add_argument("--per-page", type=int, default=300, help="URLs drawn per page type.")
    parser.add_argument("--universe", type=int, default=10_000, help="URLs the cached mode's Zipf stream draws from.")
    parser.add_argument("--rounds", type=int, default=6, help="Alternating rounds of the document and row pages.")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--no-datasette", action="store_true", help="Leave Datasette out.")
    parser.add_argument("--no-pin", action="store_true", help="Let server and client share every CPU.")
    parser.add_argument("--fresh", action="store_true", help="Rebuild the corpora even when they exist.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    run = Run(args)
    results = {}
    wanted = "postgresql" in args.backends
    with Postgres(BENCH_DIR / "postgres", run.server_cpus) if wanted else contextlib.nullcontext() as run.postgres:
        for size in args.documents:
            results[size] = run.size(size)
            (BENCH_DIR / f"results-{size}.json").write_text(json.dumps(results[size], indent=2))
            print_tables(results[size])
    print_growth(results)
    return 0


def cpu_split(no_pin: bool) -> tuple[str | None, str | None]:
    """(server CPUs, client CPUs) as taskset lists: the client on the last CPU, the server on the others; no
    pinning on one CPU or when asked."""
    cpus = sorted(os.sched_getaffinity(0))
    if no_pin or len(cpus) < 2:
        return None, None
    return ",".join(map(str, cpus[:-1])), str(cpus[-1])


class Run:
    def __init__(self, args):
        self.args = args
        self.duration, self.connections = min(args.duration, 60), min(args.connections, 64)
        self.server_cpus, self.client_cpus = cpu_split(args.no_pin)
        # Latency is measured with one connection per server CPU (no request waits behind another).
        self.latency_connections = len(self.server_cpus.split(",")) if self.server_cpus else args.workers
        self.postgres = None
        self.built = {}  # (backend, size): how the corpus was built in this run

    # One size -------------------------------------------------------------------------------------

    def size(self, size: int) -> dict:
        started = time.time()
        envs = {backend: self.build(backend, size) for backend in self.args.backends}
        sqlite_env = envs.get("sqlite") or self.build("sqlite", size)  # URLs and words are drawn on SQLite
        _manage(sqlite_env, "collectstatic", "--noinput", "-v0")
        drawn_path = BENCH_DIR / f"urls-{size}.json"
        drawn = probe(sqlite_env, "draw", str(SEED), str(self.args.per_page), str(self.args.universe))
        drawn_path.write_text(json.dumps(drawn, indent=1))
        stream = zipf_stream(drawn["universe"], random.Random(SEED))
        write_paths("stream", stream)
        result = {
            "documents": size,
            "machine": self.machine(),
            "bands": drawn["bands"],
            "universe": len(drawn["universe"]),
            "stream_distinct": len(set(stream)),
            "backends": {},
        }
        for backend, env in envs.items():
            checked = probe(env, "check", str(drawn_path))
            result["backends"][backend] = {"check": checked, **self.measure_archive(env, drawn, checked, size)}
            if (backend, size) in self.built:
                result["backends"][backend]["built"] = self.built[(backend, size)]
            if checked["published"] != drawn["published"]:
                sys.exit(f"{backend} holds {checked['published']} published documents, SQLite {drawn['published']}")
        if not self.args.no_datasette:
            result["datasette"] = self.measure_datasette(sqlite_env, drawn, size)
        result["machine"]["load_after"] = os.getloadavg()
        result["seconds"] = round(time.time() - started)
        return result

    def machine(self) -> dict:
        return {
            "cpus": os.cpu_count(),
            "server_cpus": self.server_cpus,
            "client_cpus": self.client_cpus,
            "workers": self.args.workers,
            "latency_connections": self.latency_connections,
            "connections": self.connections,
            "duration": self.duration,
            "load_before": os.getloadavg(),
        }

    def build(self, backend: str, size: int) -> dict:
        """The environment of the archive of `size` documents on backend, built when missing."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "PYTHONPATH": str(ROOT),
            "PAGE_CACHE_SECONDS": "0",
        }
        if backend == "sqlite":
            database = BENCH_DIR / f"corpus-{size}.sqlite3"
            env["DATABASE_URL"] = f"sqlite:///{database}"
            held = _documents_in(database)
            if self.args.fresh or held != size:
                for path in BENCH_DIR.glob(f"corpus-{size}.sqlite3*"):
                    path.unlink()
        else:
            name = f"bench_{size}"
            env["DATABASE_URL"] = self.postgres.url(name)
            self.postgres.create(name)
            held = self.postgres.query(name, "SELECT count(*) FROM archive_document")
            held = int(held) if held else None
            if self.args.fresh or held != size:
                self.postgres.create(name, fresh=True)
        if self.args.fresh or held != size:
            _manage(env, "migrate", "--noinput", "-v0")
            started = time.monotonic()
            timed = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
            completed = subprocess.run(
                [*timed, PYTHON, "manage.py", "generate_corpus", "--documents", str(size)],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            if completed.returncode:
                sys.exit(f"generate_corpus failed:\n{completed.stderr[-3000:]}")
            output = completed.stdout.strip().splitlines()[-1]
            peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stderr)
            self.built[(backend, size)] = {
                "seconds": round(time.monotonic() - started, 1),
                "documents_per_second": round(size / (time.monotonic() - started), 1),
                "peak_rss_mb": round(int(peak[1]) / 1024) if peak else None,
                "output": output,
            }
            print(f"{backend}, {size:,} documents: {output} Peak RSS {self.built[(backend, size)]['peak_rss_mb']} MB.")
        _manage(env, "migrate", "--noinput", "-v0")  # a database built by an earlier version catches up
        return env

    # Measuring --------------------------------------------------------------------------------------

    def measure_archive(self, env: dict, drawn: dict, checked: dict, size: int) -> dict:
        static_file = ROOT / "staticfiles" / STATIC_NAME
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_text("x" * checked["document_bytes"])
        pages = {**drawn["pages"], "static file (ceiling)": [f"/static/{STATIC_NAME}"]}
        rendered = {}
        try:
            with self.server(env) as server:
                for page, urls in pages.items():
                    rendered[page] = self.load_page(server.port, page, urls)
            cache = BENCH_DIR / f"var-{size}"
            cached_env = {**env, "PAGE_CACHE_SECONDS": "3600", "PLENUM_VAR_DIR": str(cache)}
            with self.server(cached_env, counting=True) as server:
                cached = self.load_stream(server.port, cache / "cache")
        finally:
            static_file.unlink(missing_ok=True)
        return {"rendered": rendered, "cached": cached}

    def measure_datasette(self, env: dict, drawn: dict, size: int) -> dict:
        program = install(BENCH_DIR / "datasette-venv")
        database = BENCH_DIR / f"datasette-{size}" / "corpus.db"  # Datasette names a database by its file
        database.parent.mkdir(exist_ok=True)
        exported = export(Path(env["DATABASE_URL"].removeprefix("sqlite:///")), database)
        measured = {"documents": exported}
        with Datasette(
            program,
            database,
            port=free_port(),
            cpus=self.server_cpus,
            page_size=drawn["page_size"],
            log=BENCH_DIR / "datasette.log",
        ) as server:
            found = datasette_pages(drawn)
            for page, urls in found.items():
                measured[page] = self.load_page(server.port, page, urls)
            with self.server(env, ready=drawn["pages"]["document"][0]) as archive:
                measured["alternating"] = self.alternate(
                    {"document": (archive.port, drawn["pages"]["document"]), "row": (server.port, found["row"])}
                )
        return measured

    def alternate(self, pages: dict[str, tuple[int, list[str]]]) -> dict:
        """The latency of two pages served at once on the same CPUs, measured in turn (rounds of half the
        duration, the first page first in even rounds and second in odd ones), so that both meet the machine as it
        is in that round: a ratio of two loads taken minutes apart carries the machine's drift between them."""
        first, second = pages
        paths = {name: write_paths(f"alternating {name}", seeded_order(urls)) for name, (_, urls) in pages.items()}
        for name, (port, _) in pages.items():
            self.wrk(port, paths[name], seconds=3, connections=self.latency_connections)
        rounds = []
        for number in range(self.args.rounds):
            measured = {}
            for name in (first, second) if number % 2 == 0 else (second, first):
                seconds = max(self.duration // 2, 1)
                found = self.wrk(pages[name][0], paths[name], seconds=seconds, connections=self.latency_connections)
                measured[name] = {key: found[key] for key in ("median_ms", "p95_ms", "requests", "errors")}
            measured["ratio"] = measured[first]["median_ms"] / measured[second]["median_ms"]
            rounds.append(measured)
        median = statistics.median(r["ratio"] for r in rounds)
        print(f"  {first} ÷ {second}, alternating: median ratio {median:.2f} over {len(rounds)} rounds")
        return {"pages": [first, second], "rounds": rounds, "median_ratio": median}

    def server(self, env: dict, counting: bool = False, ready: str = f"/static/{STATIC_NAME}") -> Gunicorn:
        """gunicorn serving the archive of env; ready is a path that answers once it is up (the static ceiling, which
        exists while the archive's pages are measured)."""
        return Gunicorn(
            env,
            workers=self.args.workers,
            # gthread with one thread: a request at a time per worker, as a sync worker, but the connection is kept open
            # between requests, as Datasette's server keeps it (a sync worker closes it after each response).
            options=["--worker-class", "gthread", "--threads", "1", "--pythonpath", str(ROOT / "bench")],
            log=BENCH_DIR / "gunicorn.log",
            ready=ready,
            cpus=self.server_cpus,
            app="cache_hits" if counting else "archive.wsgi",
        )

    def load_page(self, port: int, page: str, urls: list[str]) -> dict:
        """Warm-up, then the latency (one connection per server CPU) and the throughput (--connections)."""
        paths = write_paths(page, seeded_order(urls))
        # The warm-up with as many connections as the latency's: when wrk stops, the requests its connections
        # sent are still answered, and with eight connections the first requests measured waited behind them
        # (a common word's search on PostgreSQL: p95 371 ms for a median of 103).
        self.wrk(port, paths, seconds=3, connections=self.latency_connections)
        result = self.wrk(port, paths, seconds=self.duration, connections=self.latency_connections)
        loaded = self.wrk(port, paths, seconds=self.duration, connections=self.connections)
        self.settle(loaded)
        result.update(rps=loaded["rps"], loaded_p95_ms=loaded["p95_ms"], errors=result["errors"] + loaded["errors"])
        result["urls"] = len(urls)
        print(f"  {page}: p50 {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, {result['rps']:.0f}/s")
        return result

    def load_stream(self, port: int, cache: Path) -> dict:
        """The Zipf stream from a cold cache, twice (latency, then throughput), the cache emptied before each."""
        paths = BENCH_DIR / "paths" / "stream.txt"
        runs = []
        for connections in (self.latency_connections, self.connections):
            for entry in cache.rglob("*.djcache"):
                entry.unlink()
            runs.append(self.wrk(port, paths, seconds=self.duration, connections=connections, count_hits=True))
        result, loaded = runs
        self.settle(loaded)
        result.update(
            rps=loaded["rps"],
            loaded_p95_ms=loaded["p95_ms"],
            errors=result["errors"] + loaded["errors"],
            loaded_hit_rate=loaded["hit_rate"],
        )
        print(f"  cached stream: p50 {result['median_ms']:.1f} ms, hit rate {result['hit_rate']:.0%}")
        return result

    def settle(self, loaded: dict) -> None:
        """Wait for the server to answer what the connections of a load sent before wrk stopped (about one request
        per connection, at the rate measured), so that the next measurement does not wait behind them."""
        time.sleep(self.connections / max(loaded["rps"], 1.0) + 0.5)

    def wrk(self, port: int, paths: Path, *, seconds: int, connections: int, count_hits: bool = False) -> dict:
        threads = min(connections, len(self.client_cpus.split(",")) if self.client_cpus else 2)
        pin = ["taskset", "-c", self.client_cpus] if self.client_cpus else []
        command = [*pin, "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        env = {**os.environ, "BENCH_PATHS": str(paths), "BENCH_THREADS": str(threads)}
        if count_hits:
            env["BENCH_COUNT_HITS"] = "1"
        output = _run([*command, "-s", str(LUA), f"http://127.0.0.1:{port}"], env)
        found = json.loads(re.search(r"RESULT (\{.*\})", output).group(1))
        result = {
            "median_ms": found["p50"] / 1000,
            "p95_ms": found["p95"] / 1000,
            "p99_ms": found["p99"] / 1000,
            "rps": found["requests"] / found["seconds"],
            "requests": found["requests"],
            "errors": found["errors"] + found["non2xx"],
        }
        if count_hits:
            result["hit_rate"] = found["hits"] / found["answered"] if found["answered"] else 0.0
        return result


# URL lists ------------------------------------------------------------------------------------------


def seeded_order(urls: list[str]) -> list[str]:
    ordered = list(urls)
    random.Random(SEED).shuffle(ordered)
    return ordered


def zipf_stream(universe: list[str], rng: random.Random) -> list[str]:
    """STREAM requests over universe, the URL of rank k drawn with probability ∝ 1/k^s (universe in rank order)."""
    weights = list(itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(universe) + 1)))
    return rng.choices(universe, cum_weights=weights, k=STREAM)


def write_paths(name: str, urls: list[str]) -> Path:
    folder = BENCH_DIR / "paths"
    folder.mkdir(exist_ok=True)
    path = folder / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".txt")
    path.write_text("\n".join(urls) + "\n")
    return path


# Tables ----------------------------------------------------------------------------------------------


def print_tables(result: dict) -> None:
    machine = result["machine"]
    pinned = (
        f"server (gunicorn {machine['workers']} workers of one thread, PostgreSQL, Datasette) "
        f"on CPU {machine['server_cpus']}, "
        f"wrk on CPU {machine['client_cpus']}"
        if machine["server_cpus"]
        else "server and wrk share every CPU"
    )
    print(f"\n### {result['documents']:,} documents\n")
    print(
        f"{machine['cpus']} CPUs; {pinned}; latency with {machine['latency_connections']} connection(s), throughput "
        f"and loaded p95 with {machine['connections']}; {machine['duration']} s per load; load average before "
        f"{machine['load_before'][0]:.1f}, after {machine['load_after'][0]:.1f}.\n"
    )
    backends = result["backends"]
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    header = " | ".join(f"{names[b]} p50 / p95 / loaded p95 ms, req/s" for b in backends)
    ratio = " | PostgreSQL p95 ÷ SQLite p95" if len(backends) == 2 else ""
    print(f"| page (rendered unless said) | {header}{ratio} | queries | errors |")
    print("|---" * (3 + len(backends) + (1 if ratio else 0)) + "|")
    first = next(iter(backends.values()))
    rows = [*first["rendered"], "cached: Zipf stream"]
    for page in rows:
        cells, p95s, queries, errors = [], [], [], 0
        for backend in backends.values():
            m = backend["cached"] if page.startswith("cached") else backend["rendered"].get(page)
            if m is None:
                cells.append("–")
                continue
            extra = f", hits {m['hit_rate']:.0%} / {m['loaded_hit_rate']:.0%}" if "hit_rate" in m else ""
            cells.append(f"{m['median_ms']:.1f} / {m['p95_ms']:.1f} / {m['loaded_p95_ms']:.1f}, {m['rps']:.0f}{extra}")
            p95s.append(m["p95_ms"])
            queries.append(",".join(map(str, backend["check"]["queries"].get(page, []))) or "0")
            errors += m["errors"]
        row = f"| {page} | {' | '.join(cells)}"
        if ratio:
            row += f" | {p95s[1] / p95s[0]:.2f}" if len(p95s) == 2 and p95s[0] else " | –"
        print(f"{row} | {' / '.join(queries)} | {errors} |")
    print(
        f"\nCached: a stream of {STREAM:,} requests drawn (Zipf, s = {ZIPF_EXPONENT}) over {result['universe']:,} URLs "
        f"(55% documents, 25% entities, 10% lists, 10% searches), cache emptied before each load; hits measured "
        "from the responses (latency load / throughput load)."
    )
    print("\n| band | words | documents matched, SQLite (min / median / max) | PostgreSQL |")
    print("|---|---:|---|---|")
    for band, found in result["bands"].items():
        shares = []
        for backend in ("sqlite", "postgresql"):
            m = backends.get(backend, {}).get("check", {}).get("matches", {}).get(band)
            shares.append(f"{m['min']:.2%} / {m['median']:.2%} / {m['max']:.2%}" if m else "–")
        print(f"| {band} | {len(found['words'])} | {' | '.join(shares)} |")
    for backend, found in backends.items():
        if built := found.get("built"):
            print(
                f"\nCorpus on {names[backend]}: {built['seconds']} s ({built['documents_per_second']} documents/s, "
                f"search index included), peak RSS {built['peak_rss_mb']} MB."
            )
    if "datasette" in result and "sqlite" in backends:
        print_datasette(result["datasette"], backends["sqlite"]["rendered"])


def print_datasette(datasette: dict, plenum: dict) -> None:
    print(f"\nDatasette ({datasette['documents']:,} documents) beside the archive on SQLite, rendered:\n")
    print("| archive page | p50 / p95 ms | Datasette page | p50 / p95 ms | archive ÷ Datasette, p50 / p95 | errors |")
    print("|---|---|---|---|---|---:|")
    pairs = [("document", "row")]
    for page in plenum:
        if page.startswith("search, "):
            band = page.removeprefix("search, ")
            pairs += [(page, f"search with facets, {band}"), (page, f"ranked query, {band}")]
    for ours, theirs in pairs:
        a, b = plenum.get(ours), datasette.get(theirs)
        if a and b:
            print(
                f"| {ours} | {a['median_ms']:.1f} / {a['p95_ms']:.1f} | {theirs} | {b['median_ms']:.1f} / "
                f"{b['p95_ms']:.1f} | {a['median_ms'] / b['median_ms']:.2f} / {a['p95_ms'] / b['p95_ms']:.2f} "
                f"| {a['errors']} + {b['errors']} |"
            )
    if alternating := datasette.get("alternating"):
        first, second = alternating["pages"]
        rounds = alternating["rounds"]
        each = (f"{r['ratio']:.2f} ({r[first]['median_ms']:.1f} / {r[second]['median_ms']:.1f} ms)" for r in rounds)
        print(
            f"\n{first.capitalize()} ÷ {second} page, p50, both served at once and measured in turn "
            f"({len(rounds)} rounds): median {alternating['median_ratio']:.2f}; by round "
            + ", ".join(each)
            + f"; errors {sum(r[first]['errors'] + r[second]['errors'] for r in rounds)}."
        )


def print_growth(results: dict) -> None:
    """p95 at the largest size over p95 at the smallest, per page and backend (earlier runs' results included)."""
    for path in BENCH_DIR.glob("results-*.json"):
        size = int(path.stem.split("-")[1])
        found = json.loads(path.read_text())
        if "backends" in found:
            results.setdefault(size, found)
    if len(results) < 2:
        return
    small, large = min(results), max(results)
    print(f"\n### p95 at {large:,} ÷ p95 at {small:,} documents (rendered)\n")
    backends = [b for b in BACKENDS if b in results[large]["backends"] and b in results[small]["backends"]]
    print("| page | " + " | ".join(backends) + " |")
    print("|---" * (1 + len(backends)) + "|")
    for page in results[large]["backends"][backends[0]]["rendered"] if backends else []:
        cells = []
        for backend in backends:
            a = results[large]["backends"][backend]["rendered"].get(page)
            b = results[small]["backends"][backend]["rendered"].get(page)
            cells.append(f"{a['p95_ms'] / b['p95_ms']:.2f}" if a and b and b["p95_ms"] else "–")
        print(f"| {page} | {' | '.join(cells)} |")


# Helpers -------------------------------------------------------------------------------------------


def probe(env: dict, *arguments: str) -> dict:
    output = _run([PYTHON, str(ROOT / "bench" / "probe.py"), *arguments], env)
    return json.loads(output.strip().splitlines()[-1])


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
        sys.exit(f"{' '.join(command[:4])} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


if __name__ == "__main__":
    sys.exit(main())
