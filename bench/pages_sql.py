#!/usr/bin/env python3
"""Time each kind of reading page in-process, and the SQL it runs, on one or more databases.

    .venv/bin/python bench/pages_sql.py --database sqlite:///var/bench/20k.sqlite3 \
        --database postgres://plenum@127.0.0.1:5432/plenum --urls 40 --repeat 5

For each database (a separate process with that DATABASE_URL, page cache off), URLs are drawn
with a fixed seed for each kind of page: searches by frequency band (rare, medium, common words),
searches within filters (a word and a type; a common word and a type, and a decade too; a word and
one of the most named persons), a filtered search without words, lists with two filters and varied
pages, lists of a person's documents of one type, documents, entities, entity indexes, browse by
date. Each URL is requested once to warm it, then `--repeat` times through Django's test client;
the table gives, per page and database, the median and 95th percentile of the whole request and
of the time its SQL took (as Django's debug cursor measures it), the median number of queries,
and the ratios of the second database's p50 and p95 to the first's. The raw figures are written as JSON (`--json`).

A script, not a test: it reads an archive built beforehand (`manage.py generate_corpus`), the same
corpus (same size and seed) on each database, so the URLs drawn are the same.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 1956
# Words of the synthetic corpus, from the rarest to the most common; their band is decided by how
# many documents each matches in the archive measured (see band()).
WORDS = [
    "cement", "Bulgaria", "fishery", "Mongolia shipping", "irrigation", "goverment", "torn", "film", "Kim",
    "Hungary", "livestock", "plenum", "railway", "grain procurement", "ambassador", "embassy", "committee",
]  # fmt: skip
RARE, COMMON = 0.06, 0.5  # a word in under 6% of the documents is rare; in over half of them, common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", action="append", required=True, help="A DATABASE_URL (repeatable).")
    parser.add_argument("--urls", type=int, default=30, help="URLs drawn per kind of page.")
    parser.add_argument("--repeat", type=int, default=5, help="Timed requests per URL.")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", type=Path, help="Write the raw figures here.")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    options = parser.parse_args()
    if options.measure:
        json.dump(measure(options.urls, options.repeat, options.seed), sys.stdout)
        return 0
    results = {}
    for url in options.database:
        env = os.environ | {
            "DATABASE_URL": url,
            "PAGE_CACHE_SECONDS": "0",
            "DJANGO_SETTINGS_MODULE": "archive.settings",
        }
        arguments = [
            "--measure",
            "--urls",
            str(options.urls),
            "--repeat",
            str(options.repeat),
            "--seed",
            str(options.seed),
        ]
        output = subprocess.run(
            [sys.executable, __file__, "--database", url, *arguments],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,  # the figures; errors reach the terminal
            text=True,
        ).stdout
        results[url] = json.loads(output)
    if options.json:
        options.json.write_text(json.dumps(results, indent=1))
    print_table(results)
    return 0


def measure(n: int, repeat: int, seed: int) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings

    # Static files by their plain names: the pages are measured without running collectstatic first.
    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES={**django.conf.settings.STORAGES, **plain}).enable()
    pages = draw(n, seed)
    summary = {"vendor": connection.vendor, "documents": pages.pop("_documents"), "words": pages.pop("_words")}
    summary["pages"] = {}
    for page, urls in pages.items():
        summary["pages"][page] = time_urls(urls, repeat)
    return summary


def draw(n: int, seed: int) -> dict[str, list[str]]:
    """URLs for each kind of page, the same on every database holding the same corpus."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from archive.annotated.vocab import DOCUMENT_TYPES
    from archive.kinds import KINDS
    from archive.models import Document, Entity
    from archive.search import search

    rng = random.Random(seed)
    records = list(Document.objects.published().order_by("record").values_list("record", flat=True))
    entities = list(
        Entity.objects.filter(mentions__document__status="published")
        .distinct()
        .order_by("pk")
        .values_list("pk", "kind")
    )
    total = len(records)
    by_band: dict[str, list[str]] = {"rare": [], "medium": [], "common": []}
    matched = {}
    for word in WORDS:
        matches = matched[word] = search(word).total
        by_band["rare" if matches < RARE * total else "common" if matches > COMMON * total else "medium"].append(word)
    kinds = {kind.name: kind for kind in KINDS}
    search_url = reverse("archive:search")
    types = sorted(DOCUMENT_TYPES)
    decades = [1940, 1950, 1960, 1970, 1980]
    pages = {
        f"search, {band} words": [f"{search_url}?{urlencode({'q': rng.choice(words)})}" for _ in range(n)]
        for band, words in by_band.items()
        if words
    }
    pages["search, word and filter"] = [
        f"{search_url}?{urlencode({'q': rng.choice(WORDS), 'type': rng.choice(types)})}" for _ in range(n)
    ]
    common = by_band["common"] or WORDS[-1:]
    pages["search, common word and type"] = [
        f"{search_url}?{urlencode({'q': rng.choice(common), 'type': rng.choice(types)})}" for _ in range(n)
    ]
    persons = popular(Entity.objects.filter(kind="person"), 200)
    pages["search, word and person"] = [
        f"{search_url}?{urlencode({'q': rng.choice(WORDS), 'person': rng.choice(persons)})}" for _ in range(n)
    ]
    pages["search, common word, type, decade"] = [
        f"{search_url}?{urlencode({'q': rng.choice(common), 'type': rng.choice(types), 'decade': rng.choice(decades)})}"
        for _ in range(n)
    ]
    pages["search, filters, no words"] = [
        f"{search_url}?{urlencode({'type': rng.choice(types), 'decade': rng.choice(decades)})}" for _ in range(n)
    ]
    pages["list, two filters"] = [
        "/documents/?"
        + urlencode(
            {"type": rng.choice(types), "year_from": rng.choice(decades), "page": rng.choice(["1", "1", "2", "last"])}
        )
        for _ in range(n)
    ]
    pages["list, person and type"] = [
        "/documents/?"
        + urlencode({"person": rng.choice(persons), "type": rng.choice(types), "page": rng.choice(["1", "last"])})
        for _ in range(n)
    ]
    pages["document"] = [reverse("archive:document", args=[rng.choice(records)]) for _ in range(n)]
    pages["entity"] = [
        reverse("archive:entity", args=[kinds[kind].segment, pk])
        for pk, kind in rng.sample(entities, min(n, len(entities)))
    ]
    pages["entity index"] = [
        reverse("archive:entity-index", args=[rng.choice(KINDS).segment]) + rng.choice(["", "?page=last"])
        for _ in range(n)
    ]
    pages["browse dates"] = [reverse("archive:browse-dates")] * max(1, n // 5)
    pages["_documents"], pages["_words"] = total, matched
    return pages


def popular(entities, top: int) -> list[int]:
    """The ids of the `top` entities named in the most published documents, most named first (then by id)."""
    from django.db.models import Count, Q

    named = Count("mentions__document", filter=Q(mentions__document__status="published"), distinct=True)
    return list(entities.annotate(n=named).order_by("-n", "pk").values_list("pk", flat=True)[:top])


def time_urls(urls: list[str], repeat: int) -> dict:
    from django.db import connection
    from django.test import Client

    spent: list[float] = []  # seconds of each statement of the current request

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)

    client = Client(HTTP_HOST="localhost")  # a host ALLOWED_HOSTS accepts by default
    total, sql, queries, statuses = [], [], [], {}
    for url in urls:
        client.get(url)  # warm: caches of the process and of the database
        for _ in range(repeat):
            spent.clear()
            with connection.execute_wrapper(timed):
                started = time.perf_counter()
                status = client.get(url).status_code
                total.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            sql.append(sum(spent) * 1000)
            queries.append(len(spent))
    return {
        "urls": len(urls),
        "requests": len(total),
        "statuses": statuses,
        "p50": statistics.median(total),
        "p95": percentile(total, 95),
        "sql_p50": statistics.median(sql),
        "sql_p95": percentile(sql, 95),
        "queries": statistics.median(queries),
        "example": urls[0],
    }


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def print_table(results: dict) -> None:
    names = list(results)
    labels = [f"{results[u]['vendor']} ({results[u]['documents']} docs)" for u in names]
    print("ms: median / p95 of the request, median / p95 of its SQL, median number of queries")
    ratios = "| ratio p50 | ratio p95" if len(names) == 2 else ""
    print(f"{'page':34}" + "".join(f"| {label:38}" for label in labels) + ratios)
    pages = list(results[names[0]]["pages"])
    for page in pages:
        cells, p50s, p95s = [], [], []
        for url in names:
            r = results[url]["pages"].get(page)
            if r is None:
                cells.append(f"| {'-':38}")
                continue
            p50s.append(r["p50"])
            p95s.append(r["p95"])
            bad = {s: c for s, c in r["statuses"].items() if str(s) not in ("200", "304")}
            cell = (
                f"{r['p50']:6.1f} / {r['p95']:6.1f}  sql {r['sql_p50']:6.1f} / {r['sql_p95']:6.1f}  q{r['queries']:.0f}"
            )
            cells.append(f"| {cell + (' !' + str(bad) if bad else ''):38}")
        ratio = f"| {p50s[1] / p50s[0]:9.2f} | {p95s[1] / p95s[0]:.2f}" if len(p50s) == 2 and p50s[0] else ""
        print(f"{page:34}" + "".join(cells) + ratio)


if __name__ == "__main__":
    sys.exit(main())
