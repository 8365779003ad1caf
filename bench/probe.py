"""The benchmark's look inside the archive (run by bench/run.py in a subprocess, with the archive's DATABASE_URL).

    probe.py draw SEED PER_PAGE UNIVERSE   the URLs to request, drawn with SEED, and the search words by band
    probe.py check URLS.json               per page: SQL queries of a rendered page, statuses; per band: matches

Prints one JSON document on its last line. Everything is drawn from sorted lists with random.Random(SEED),
so the same archive and seed give the same URLs.
"""

from __future__ import annotations

import json
import random
import sys
from urllib.parse import urlencode

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max, Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from archive import search  # noqa: E402
from archive.annotated.vocab import DOCUMENT_TYPES  # noqa: E402
from archive.models import Collection, Document, Entity, Mention, Source  # noqa: E402

# Share of documents a band's words match (SQLite's index): rare at most 0.1% (or one document), medium
# about 1%, common more than 20%.
BANDS = {"rare": (0.0, 0.001), "medium": (0.005, 0.02), "common": (0.2, 1.0)}
WORDS_PER_BAND = 50
SORTS = ["", "", "", "date", "-date", "title", "record"]


def draw(seed: int, per_page: int, universe: int) -> dict:
    rng = random.Random(seed)
    published = Document.objects.published()
    records = list(published.order_by("record").values_list("record", flat=True))
    named = sorted(set(Mention.objects.filter(document__in=published).values_list("entity_id", flat=True)))
    vocabulary = _vocabulary(len(records))
    bands = {band: _band_words(rng, vocabulary, len(records), *bounds) for band, bounds in BANDS.items()}
    lists = _list_urls(rng, per_page)
    pages = {
        "document": [_document_url(r) for r in rng.sample(records, min(per_page, len(records)))],
        "entity": _entity_urls(rng.sample(named, min(per_page, len(named)))),
        "list, filters and pages": lists,
        **{f"search, {band}": [_search_url(word) for word in words] for band, words in bands.items() if words},
    }
    # The realistic mix (as bench/soak.py): 55% documents, 25% entities, 10% lists, 10% searches.
    share = {"document": 0.55, "entity": 0.25, "list": 0.10, "search": 0.10}
    words = sorted(vocabulary)
    mix = (
        [_document_url(r) for r in rng.sample(records, min(round(universe * share["document"]), len(records)))]
        + _entity_urls(rng.sample(named, min(round(universe * share["entity"]), len(named))))
        + _list_urls(rng, round(universe * share["list"]))
        + [_search_url(w) for w in rng.sample(words, min(round(universe * share["search"]), len(words)))]
    )
    rng.shuffle(mix)  # the popularity ranks
    return {
        "pages": pages,
        "bands": {band: {"words": words, "bounds": BANDS[band]} for band, words in bands.items()},
        "universe": mix,
        "page_size": settings.PLENUM_PAGE_SIZE,
        "published": len(records),
    }


def _vocabulary(documents: int) -> dict[str, int]:
    """Words of the index (title, summary, texts, names; letters or digits, three or more) and how many documents
    hold each; SQLite only."""
    if connection.vendor != "sqlite":
        sys.exit("draw reads the words from SQLite's index: run it on the SQLite archive")
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_rows USING fts5vocab(main, archive_search, row)")
        cursor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_cols USING fts5vocab(main, archive_search, col)")
        cursor.execute("SELECT term FROM temp.bench_cols WHERE col = 'facets'")
        facets = {term for (term,) in cursor.fetchall()}
        cursor.execute("SELECT term, doc FROM temp.bench_rows")
        return {
            term: count for term, count in cursor.fetchall() if term not in facets and term.isalnum() and len(term) >= 3
        }


def _band_words(rng, vocabulary: dict[str, int], documents: int, low: float, high: float) -> list[str]:
    floor, ceiling = low * documents, max(high * documents, 1)
    found = sorted(word for word, count in vocabulary.items() if floor <= count <= ceiling)
    return sorted(rng.sample(found, min(WORDS_PER_BAND, len(found))))


def _document_url(record: int) -> str:
    return f"/documents/{record}/"


def _entity_urls(pks: list[int]) -> list[str]:
    found = Entity.objects.in_bulk(pks)
    return [found[pk].get_absolute_url() for pk in pks]


def _search_url(word: str) -> str:
    return f"/search/?{urlencode({'q': word})}"


def _list_urls(rng: random.Random, count: int) -> list[str]:
    """count lists with one to three filters, a sort and a page; a page past the last is drawn again as page 1."""
    published = Document.objects.published()
    years = published.aggregate(first=Min("date_start__year"), last=Max("date_start__year"))
    languages = Document.published_languages()
    sources = sorted(Source.objects.all().public().values_list("slug", flat=True))
    collections = sorted(Collection.objects.all().public().values_list("slug", flat=True))
    popular = list(
        Mention.objects.filter(document__in=published, entity__kind__in=["person", "place", "organization"])
        .values("entity_id", "entity__kind")
        .annotate(n=Count("document", distinct=True))
        .order_by("-n", "entity_id")[:60]
    )
    filters = {
        "type": lambda: {"type": rng.choice(sorted(DOCUMENT_TYPES))},
        "years": lambda: _years(rng, years["first"] or 1950, years["last"] or 1990),
        "language": lambda: {"language": rng.choice(languages)} if languages else {},
        "source": lambda: {"source": rng.choice(sources)} if sources else {},
        "collection": lambda: {"collection": rng.choice(collections)} if collections else {},
        "entity": lambda: _entity_filter(rng.choice(popular)) if popular else {},
    }
    names = sorted(filters)
    client, urls = Client(), []
    while len(urls) < count:
        query = {}
        for name in rng.sample(names, rng.choice([1, 1, 2, 2, 3])):
            query.update(filters[name]())
        if sort := rng.choice(SORTS):
            query["sort"] = sort
        page = rng.choice([1, 1, 1, 1, 2, 2, 3, 4, 5])
        url = "/documents/?" + urlencode({**query, **({"page": page} if page > 1 else {})})
        if page > 1 and client.get(url).status_code == 404:
            url = "/documents/?" + urlencode(query)
        urls.append(url)
    return urls


def _years(rng, first: int, last: int) -> dict:
    start = rng.randint(first, last)
    return {"year_from": start, "year_to": min(last, start + rng.choice([1, 5, 10]))}


def _entity_filter(row: dict) -> dict:
    return {row["entity__kind"]: row["entity_id"]}


def check(drawn: dict) -> dict:
    """SQL queries and status of the first URLs of each page, rendered; how many documents each band's words match
    on this database; the average size of a document page."""
    client = Client()
    queries, statuses = {}, {}
    for page, urls in drawn["pages"].items():
        counts = set()
        for url in urls[:5]:
            client.get(url)  # warm
            with CaptureQueriesContext(connection) as captured:
                status = client.get(url).status_code
            statuses.setdefault(page, []).append(status)
            counts.add(len(captured))
        queries[page] = sorted(counts)
    published = Document.objects.published().count()
    matches = {}
    for band, found in drawn["bands"].items():
        shares = [search.search(word).total / published for word in found["words"]]
        if shares:
            matches[band] = {"min": min(shares), "median": sorted(shares)[len(shares) // 2], "max": max(shares)}
    sizes = [len(client.get(url).content) for url in drawn["pages"]["document"][:20]]
    return {
        "queries": queries,
        "statuses": statuses,
        "matches": matches,
        "document_bytes": sum(sizes) // max(len(sizes), 1),
        "published": published,
        "vendor": connection.vendor,
    }


def main() -> None:
    command, *arguments = sys.argv[1:]
    if command == "draw":
        seed, per_page, universe = map(int, arguments)
        found = draw(seed, per_page, universe)
    elif command == "check":
        with open(arguments[0]) as file:
            found = check(json.load(file))
    else:
        sys.exit(__doc__)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
