#!/usr/bin/env python3
"""Readers on a PostgreSQL hot standby, a curator's write read back, and the standby stopped under load.

A throwaway primary (PostgreSQL from Debian, a temporary data directory, a free loopback port) gets a
generated archive of --documents records; pg_basebackup copies it into a hot standby on another port,
which streams the primary's changes. gunicorn serves the archive with DATABASE_URL on the primary and
DATABASE_REPLICA_URL on the standby, the page cache off (every read reaches a database). Then:

1. readers for --seconds: how many of the databases' transactions each server answered;
2. a curator signs in and returns a record to draft: whether the curator's next page shows it (read
   from the primary), and how long until an anonymous reader's page (read from the standby) does;
3. readers for --seconds again, the standby stopped (pg_ctl stop -m fast) a third of the way in:
   failed reads, p50/p99 before and after, and the transactions the primary answered instead.

Prints a table; keeps the raw figures in var/bench/replica.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import time

from cluster import (
    RESULTS,
    Browser,
    Postgres,
    Readers,
    base_env,
    build_archive,
    conditions,
    draw_urls,
    keep,
    print_table,
    summary,
)
from serving import Gunicorn

TRANSACTIONS = "SELECT xact_commit FROM pg_stat_database WHERE datname = 'plenum'"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="Documents in the archive served.")
    parser.add_argument("--seconds", type=float, default=30, help="Length of each phase of reading.")
    parser.add_argument("--readers", type=int, default=16, help="Reader threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (of 4 threads each).")
    parser.add_argument("--seed", type=int, default=10, help="Seed of the URLs drawn.")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {"conditions": conditions(), "arguments": vars(args)}
    with Postgres() as primary:
        var = primary.folder.path / "var"
        env = base_env(var, DATABASE_URL=primary.url, PAGE_CACHE_SECONDS="0")
        print(f"Primary on port {primary.port}: building an archive of {args.documents} documents", flush=True)
        build_archive(env, args.documents)
        urls = draw_urls(env, args.seed)
        with primary.standby() as standby:
            print(f"Hot standby on port {standby.port} (pg_basebackup)", flush=True)
            assert standby.query("SELECT pg_is_in_recovery()") == "t"
            app_env = {**env, "DATABASE_REPLICA_URL": standby.url, "REPLICA_RETRY_SECONDS": "5"}
            options = ["--worker-class", "gthread", "--threads", "4", "--timeout", "60"]
            log = RESULTS / "replica-gunicorn.log"
            with Gunicorn(app_env, workers=args.workers, options=options, log=log, ready="/robots.txt") as app:
                readers = Readers(app.port, urls, threads=args.readers)
                readers.run(5)  # warm-up: connections opened, templates loaded
                before = counts(primary, standby)
                loaded = readers.run(args.seconds)
                after = counts(primary, standby)
                figures["shared"] = {"transactions": diff(after, before), "samples": loaded}
                figures["write"] = curator_write(app.port, primary)
                stop_at = args.seconds / 3
                before = counts(primary, standby)
                stopped = readers.run(args.seconds, {stop_at: lambda: standby.stop("fast")})
                figures["stopped"] = {
                    "stop_at": stop_at,
                    "primary_transactions": int(primary.query(TRANSACTIONS)) - before["primary"],
                    "samples": stopped,
                }
    report(figures, loaded, stopped, stop_at)
    print(f"\nraw figures: {keep('replica', figures)}")
    return 0 if summary(stopped, stop_at)["failed"] == 0 else 1


def counts(primary: Postgres, standby: Postgres) -> dict:
    time.sleep(1.0)  # the statistics are flushed about once a second
    return {"primary": int(primary.query(TRANSACTIONS)), "standby": int(standby.query(TRANSACTIONS))}


def diff(after: dict, before: dict) -> dict:
    return {name: after[name] - before[name] for name in after}


def curator_write(port: int, primary: Postgres) -> dict:
    """A curator returns a published record to draft: what the curator, then an anonymous reader, see."""
    first = "SELECT record, id FROM archive_document WHERE status = 'published' ORDER BY record LIMIT 1"
    record, pk = (int(value) for value in primary.query(first).split("|"))
    curator, reader = Browser(port), Browser(port)
    curator.sign_in()
    assert reader.get(f"/documents/{record}/")[0] == 200
    curator.document_action(pk, "return_to_draft")
    written = time.monotonic()
    seen_by_curator = curator.get(f"/documents/{record}/")[0] == 404
    polls = 0
    while reader.get(f"/documents/{record}/")[0] != 404 and time.monotonic() - written < 30:
        polls += 1
    reader_ms = (time.monotonic() - written) * 1000
    curator.document_action(pk, "publish")
    return {"record": record, "seen_by_curator_at_once": seen_by_curator, "reader_ms": reader_ms, "polls": polls}


def report(figures: dict, loaded, stopped, stop_at: float) -> None:
    shared = figures["shared"]["transactions"]
    total = sum(shared.values()) or 1
    print(f"\n{figures['arguments']['readers']} readers, page cache off; machine: {figures['conditions']}")
    print_table({"replica and primary": summary(loaded)}, "readers")
    print(f"\ntransactions answered: standby {shared['standby']} ({100 * shared['standby'] / total:.0f}%),"
          f" primary {shared['primary']}")  # fmt: skip
    write = figures["write"]
    at_once = "yes" if write["seen_by_curator_at_once"] else "NO"
    print(f"\ncurator's write (record {write['record']} to draft): seen by the curator's next page at once: {at_once};")
    print(f"by an anonymous reader's page (from the standby) after {write['reader_ms']:.0f} ms"
          f" ({write['polls']} of its pages still showing the record before)")  # fmt: skip
    print_table({
        "standby up": summary(stopped, 0, stop_at),
        "standby stopped": summary(stopped, stop_at),
    }, "standby stopped mid-load")  # fmt: skip
    failures = [sample for sample in stopped if sample.failed]
    listed = "".join(f"\n  {sample.at - stop_at:+.2f} s {sample.outcome}" for sample in failures[:10])
    print(f"\nfailed reads: {len(failures)}{listed}")
    print(f"transactions the primary answered while the standby was down: {figures['stopped']['primary_transactions']}")


if __name__ == "__main__":
    raise SystemExit(main())
