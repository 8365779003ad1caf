#!/usr/bin/env python3
"""Two app servers behind HAProxy, sharing Redis and the database; one is killed under load.

Builds a generated archive of --documents records (SQLite in a temporary folder, or with --postgres a
throwaway PostgreSQL server), starts Redis (the shared page cache, PAGE_CACHE_URL) and two gunicorn
servers (--workers workers of 4 threads each, their own folders), and HAProxy in front of them (round
robin, a health check every half second, a request whose connection failed tried on the other server,
unless --no-retry). --readers threads read URLs drawn with a fixed seed (Zipf) through HAProxy for
--seconds; halfway, the first server is killed (SIGKILL to its master and workers). Prints the failed
reads (those begun before the kill were in flight) and p50/p99 before and after; keeps the raw figures
in var/bench/failover.json (failover-no-retry.json, failover-postgres.json in the other modes).
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections import Counter
from pathlib import Path

from cluster import (
    RESULTS,
    Folder,
    HAProxy,
    Postgres,
    Readers,
    Redis,
    base_env,
    build_archive,
    conditions,
    draw_urls,
    keep,
    kill_server,
    print_table,
    summary,
)
from serving import Gunicorn

# The servers share one key, as the servers of one site must (what one signs, the other reads).
SECRET = "bench-" + "k" * 50 + str(int(time.time()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="Documents in the archive served.")
    parser.add_argument("--seconds", type=float, default=40, help="Length of the reading; the kill comes halfway.")
    parser.add_argument("--readers", type=int, default=16, help="Reader threads.")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server (of 4 threads each).")
    parser.add_argument("--seed", type=int, default=10, help="Seed of the URLs drawn.")
    parser.add_argument("--warm-up", type=float, default=20, help="Seconds of reading before, not counted.")
    parser.add_argument("--no-retry", dest="retry", action="store_false",
                        help="HAProxy does not try a failed connection again on the other server.")  # fmt: skip
    parser.add_argument("--postgres", action="store_true", help="A PostgreSQL server instead of a SQLite file.")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {"conditions": conditions(), "arguments": vars(args)}
    folder = Folder("plenum-failover.")
    try:
        with contextlib.ExitStack() as stack:
            if args.postgres:
                database = stack.enter_context(Postgres()).url
            else:
                database = f"sqlite:///{folder.path / 'plenum.sqlite3'}"
            redis = stack.enter_context(Redis())
            env = base_env(folder.path / "var", DATABASE_URL=database)
            print(f"Building an archive of {args.documents} documents", flush=True)
            build_archive(env, args.documents)
            urls = draw_urls(env, args.seed)
            servers = [
                stack.enter_context(server(env, folder.path, n, args.workers, PAGE_CACHE_URL=redis.url)) for n in (1, 2)
            ]
            proxy = stack.enter_context(HAProxy([app.port for app in servers], retry=args.retry))
            readers = Readers(proxy.port, urls, threads=args.readers)
            readers.run(args.warm_up)  # the shared cache holds what readers ask for most, as on a site in use
            kill_at = args.seconds / 2
            samples = readers.run(args.seconds, {kill_at: lambda: kill_server(servers[0].process)})
    finally:
        folder.remove()
    figures.update({"kill_at": kill_at, "samples": samples})
    in_flight = [s for s in samples if s.failed and s.at < kill_at]
    after = [s for s in samples if s.failed and s.at >= kill_at]
    engine = "PostgreSQL" if args.postgres else "SQLite"
    retried = "on" if args.retry else "off"
    print(f"\n2 servers x {args.workers} workers x 4 threads behind HAProxy (retries {retried}), Redis page cache,"
          f" {engine}, {args.readers} readers; machine: {figures['conditions']}")  # fmt: skip
    print_table({"both servers": summary(samples, 0, kill_at), "one killed": summary(samples, kill_at)})
    print(f"\nfailed reads: {len(in_flight) + len(after)} ({len(in_flight)} begun before the kill, in flight;"
          f" {len(after)} begun after it)")  # fmt: skip
    if after:
        outcomes = Counter(sample.outcome for sample in after)
        print(f"  begun {after[0].at - kill_at:.2f} to {after[-1].at - kill_at:.2f} s after the kill: "
              + ", ".join(f"{times} x {outcome}" for outcome, times in outcomes.most_common()))  # fmt: skip
    for sample in in_flight[:10]:
        print(f"  in flight: begun {kill_at - sample.at:.2f} s before the kill, {sample.outcome}")
    name = "failover" + ("-postgres" if args.postgres else "") + ("" if args.retry else "-no-retry")
    print(f"\nraw figures: {keep(name, figures)}")
    return 0 if not after else 1


def server(env: dict, folder: Path, n: int, workers: int, **settings: str) -> Gunicorn:
    """App server n, with its own folder in folder (its own file cache, when the pages are not in Redis)."""
    options = ["--worker-class", "gthread", "--threads", "4", "--timeout", "60"]
    own = {**env, "PLENUM_VAR_DIR": str(folder / f"server{n}"), "SECRET_KEY": SECRET, **settings}
    return Gunicorn(own, workers=workers, options=options, log=RESULTS / f"server{n}.log", ready="/robots.txt")


if __name__ == "__main__":
    raise SystemExit(main())
