#!/usr/bin/env python3
"""Hit rates of the page cache with two app servers: one Redis shared by both, or a file cache each.

Builds a generated archive of --documents records (SQLite in a temporary folder) and serves it with two
gunicorn servers behind HAProxy (round robin) twice, with the cache empty each time: the pages in one
Redis (PAGE_CACHE_URL), then in each server's own file cache. --readers threads read the same URL stream
(a Zipf draw with a fixed seed over documents, entities, lists and searches) for --seconds. A request is a
miss when its page had to be rendered and was kept, so hits = answered requests - pages kept: the pages
are counted in Redis, or as files in the two servers' folders, at the end. Prints a table; keeps the raw
figures in var/bench/shared_cache.json.
"""

from __future__ import annotations

import argparse
import contextlib

from cluster import (
    RESULTS,
    Folder,
    HAProxy,
    Readers,
    Redis,
    base_env,
    build_archive,
    conditions,
    draw_urls,
    keep,
    summary,
)
from failover import server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="Documents in the archive served.")
    parser.add_argument("--seconds", type=float, default=30, help="Length of each run of reading.")
    parser.add_argument("--readers", type=int, default=16, help="Reader threads.")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server (of 4 threads each).")
    parser.add_argument("--seed", type=int, default=10, help="Seed of the URLs drawn.")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {"conditions": conditions(), "arguments": vars(args), "runs": {}}
    folder = Folder("plenum-shared-cache.")
    try:
        env = base_env(folder.path / "var", DATABASE_URL=f"sqlite:///{folder.path / 'plenum.sqlite3'}")
        print(f"Building an archive of {args.documents} documents", flush=True)
        build_archive(env, args.documents)
        urls = draw_urls(env, args.seed)
        for name in ("one Redis, shared", "a file cache each"):
            with contextlib.ExitStack() as stack:
                redis = stack.enter_context(Redis()) if "Redis" in name else None
                settings = {"PAGE_CACHE_URL": redis.url} if redis else {}
                run = folder.path / name.replace(" ", "-").replace(",", "")
                apps = [stack.enter_context(server(env, run, n, args.workers, **settings)) for n in (1, 2)]
                proxy = stack.enter_context(HAProxy([app.port for app in apps]))
                samples = Readers(proxy.port, urls, threads=args.readers).run(args.seconds)
                kept = count_redis_pages(redis) if redis else count_file_pages(run)
            answered = sum(1 for sample in samples if sample.outcome == "200")
            figures["runs"][name] = {**summary(samples), "answered": answered, "kept": kept, "samples": samples}
    finally:
        folder.remove()
    print(f"\n2 servers x {args.workers} workers x 4 threads behind HAProxy, cold cache, {args.readers} readers,"
          f" {args.seconds:.0f} s each; machine: {figures['conditions']}")  # fmt: skip
    print("\n| page cache | requests | pages rendered | hit rate | p50 ms | p99 ms | req/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, run in figures["runs"].items():
        rate = 1 - run["kept"] / run["answered"] if run["answered"] else float("nan")
        run["hit_rate"] = rate
        print(f"| {name} | {run['requests']} | {run['kept']} | {100 * rate:.1f}% | {run['p50']:.0f} | {run['p99']:.0f}"
              f" | {run['rps']:.0f} |")  # fmt: skip
    print(f"\nraw figures: {keep('shared_cache', figures)}")
    return 0


def count_redis_pages(redis: Redis) -> int:
    return sum(1 for line in redis.command("--scan", "--pattern", "*:page:*").splitlines() if line.strip())


def count_file_pages(run) -> int:
    return sum(1 for _ in run.glob("server*/cache/pages/*/*.djcache"))


if __name__ == "__main__":
    raise SystemExit(main())
