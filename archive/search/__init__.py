"""Full-text search over documents, with the database's own engine.

One interface, two backends chosen by the connection's vendor: SQLite FTS5 (the default) and
PostgreSQL full-text search. The index holds one row per public document (see rows.py) and is
kept current by the import, the admin, merges and a delete signal; `migrate` rebuilds it when it
is out of step with the public documents, and `manage.py reindex` rebuilds it on demand. A
document whose embargo lifts (a day passing, with no write) enters it on the first search of that
day (`release_embargoes`), before the search reads it.

Relevance is exact for queries matching up to RANK_WITHIN documents. Ranking a word found in most
of a large archive would read every one of its matches (bm25 or ts_rank_cd for each), so beyond
that many, the RANK_WITHIN most recently added matches are ranked, and the page says so; every
match is still counted, filtered, and sorted exactly by date or title. PostgreSQL keeps the ranks of its
common words in those matches ahead (backends/postgres.py); FTS5 reads them from its own index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import ModuleType

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, QuerySet

from archive.models import Document, EntityName, Mention
from archive.models.documents import today

from .names import expand
from .query import Query, parse
from .rows import rows_for
from .snippets import Parts, highlight, snippet

SORTS = {
    "relevance": "Relevance",
    "date": "Date, oldest first",
    "-date": "Date, newest first",
    "title": "Title",
    "-title": "Title, Z to A",
    "record": "Record number",
    "-record": "Record number, highest first",
}
ORDERINGS = {  # every sort but relevance, which the index ranks
    "date": (F("date_start").asc(nulls_last=True), "record"),
    "-date": (F("date_start").desc(nulls_last=True), "-record"),
    "title": ("title", "record"),
    "-title": ("-title", "-record"),
    "record": ("record",),
    "-record": ("-record",),
}
BATCH = 500
RANK_WITHIN = 10_000


def backend() -> ModuleType:
    if connection.vendor == "postgresql":
        from .backends import postgres

        return postgres
    from .backends import sqlite

    return sqlite


@dataclass(frozen=True)
class Snippet:
    """Plain text in parts, each (text, matched): a template escapes the text and marks the matches."""

    title: Parts  # the title
    field: str  # where the text comes from: summary, text or names
    text: Parts  # words around the matches


class Ranked:
    """matches by relevance, for a Paginator: each slice is one ranking query plus one for its documents."""

    def __init__(self, results: Results, expression: str):
        self.results, self.matches, self.expression = results, results.matches, expression
        self._prefix: list[int] = []  # the best-ranked ids fetched so far
        self._complete = False  # whether _prefix holds every match

    def ids(self, start: int, stop: int) -> list[int]:
        """The ids of the matches ranked start to stop, most relevant first (one ranking query per
        request when the first call asks for the longest prefix, as the facets do)."""
        if stop <= len(self._prefix) or self._complete:
            return self._prefix[start:stop]
        among = None if self.results.everywhere else self.matches.order_by().values("pk").query.sql_with_params()
        ids = backend().ranked_ids(self.expression, among, start, max(stop - start, 0), RANK_WITHIN)
        if start == 0:
            self._prefix, self._complete = ids, len(ids) < stop
        return ids

    def count(self) -> int:
        return self.results.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Document]:
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        ids = self.ids(start, stop)
        # By id alone: the ids are matches already, and a status filter would lead SQLite to scan by status.
        found = Document.objects.for_lists().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def __iter__(self):
        return iter(self[:])


@dataclass
class Results:
    """The documents matching a query; `matches` is unordered, for filters and facet counts.

    everywhere: the matches are every published document the index finds (no filter, no exclusion),
    which the index alone can count and rank."""

    query: Query
    matches: QuerySet
    everywhere: bool = False

    @cached_property
    def total(self) -> int:
        """How many documents match (counted by the index alone when it can)."""
        if self.everywhere:
            return backend().count(backend().compile(self.query)[0])
        return self.matches.count()

    @property
    def ranked_within(self) -> int | None:
        """RANK_WITHIN when relevance is ranked among that many of the matches only."""
        return RANK_WITHIN if self.query.groups and self.total > RANK_WITHIN else None

    def ordered(self, sort: str = "relevance") -> QuerySet | Ranked:
        """matches in the order asked for; relevance falls back to date when nothing is searched, and
        None keeps the order of the queryset searched."""
        if sort is None:
            return self.matches
        if sort in ORDERINGS or not self.query.groups:
            return self.matches.order_by(*ORDERINGS.get(sort, ORDERINGS["date"]))
        return Ranked(self, backend().compile(self.query)[0])

    def snippets(self, documents) -> dict[int, Snippet]:
        """A snippet for each of documents (a page of results), in one query."""
        documents = list(documents)
        rows = backend().read([d.pk for d in documents])
        found = {}
        for document in documents:
            row = rows.get(document.pk)
            field, text, count = snippet(
                [("summary", row.summary), ("text", row.body)] if row else [("summary", document.summary)], self.query
            )
            if not count and row:  # the names show only when neither summary nor text holds a match
                names = snippet([("names", row.names)], self.query)
                if names[2]:
                    field, text, _ = names
            found[document.pk] = Snippet(title=highlight(document.title, self.query)[0], field=field, text=text)
        return found


def search(query_string: str | Query, queryset: QuerySet | None = None) -> Results:
    """The documents of queryset (default: every public one) that match the reader's query; a query
    string's words that spell a person's or place's name otherwise also find it (names.py)."""
    query = query_string if isinstance(query_string, Query) else expand(parse(query_string))
    release_embargoes()
    documents = Document.objects.published().for_lists() if queryset is None else queryset
    wanted, unwanted = backend().compile(query)
    if wanted:
        documents = documents.filter(pk__in=backend().matching(wanted))
    if unwanted:
        documents = documents.exclude(pk__in=backend().matching(unwanted))
    everywhere = queryset is None and bool(wanted) and not unwanted
    return Results(query=query, matches=documents, everywhere=everywhere)


def refresh(document_ids) -> None:
    """Bring the rows of these documents up to date: written when published, removed otherwise."""
    document_ids = list(document_ids)
    for start in range(0, len(document_ids), BATCH):
        batch = document_ids[start : start + BATCH]
        backend().remove(batch)
        backend().write(rows_for(batch))


def refresh_publication(document_ids) -> None:
    """Bring the index in step after these documents entered or left the public view: their rows, and
    those of the documents naming an entity one of them gave a variant (shown only while it is public)."""
    document_ids = set(document_ids)
    sharing = Mention.objects.filter(
        entity__in=EntityName.objects.filter(document__in=document_ids).values("entity_id")
    ).values_list("document_id", flat=True)
    refresh(sorted(document_ids | set(sharing)))


RELEASED_KEY = "search:embargoes-released"


def release_embargoes() -> None:
    """Index the documents whose embargo has lifted and that the index lacks; checked once a day per process
    (a query when there are none; idempotent, so processes may repeat one another)."""
    day = today().isoformat()
    if cache.get(RELEASED_KEY) == day:
        return
    lifted = list(Document.objects.published().filter(embargo_until__isnull=False).values_list("pk", flat=True))
    missing = [pk for start in range(0, len(lifted), BATCH) for pk in _missing(lifted[start : start + BATCH])]
    if missing:
        with transaction.atomic():
            refresh_publication(missing)
    cache.set(RELEASED_KEY, day, 24 * 3600)


def _missing(document_ids: list[int]) -> list[int]:
    present = backend().indexed(document_ids)
    return [pk for pk in document_ids if pk not in present]


def index_document(document: Document) -> None:
    """Write (or rewrite, or remove when not published) the document's row."""
    refresh([document.pk])


def remove_document(document: Document) -> None:
    backend().remove([document.pk])


def reindex_all() -> int:
    """Rebuild the whole index, in batches; return the number of documents indexed."""
    ids = list(Document.objects.published().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        backend().clear()
        refresh(ids)
        hold_common_words()
        backend().analyze()
    return len(ids)


def hold_common_words() -> None:
    """Rank the archive's common words ahead, where the backend does (after many documents were indexed)."""
    backend().hold_common_words()


def in_step() -> bool:
    """Whether the index holds a row for each public document (and no other)."""
    return backend().size() == Document.objects.published().count()
