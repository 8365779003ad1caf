"""Full-text search on SQLite: an FTS5 table with one row per published document (rowid = document id), and
a narrow table of each one's facet values.

The tables are created by migrations 0004, 0008 and 0013 on SQLite only. FTS5 tokenizes (unicode61,
accents removed) and ranks with bm25, weighting a match in the title above one in the text.
"""

from __future__ import annotations

import json

from django.db import connection
from django.db.models.expressions import RawSQL

from ..query import Query, Term
from ..rows import Row
from . import reader

TABLE = "archive_search"
FACETS = "archive_search_facets"
WEIGHTS = "10.0, 4.0, 1.0, 3.0"  # title, summary, body, names


def _term(term: Term) -> str:
    # Words hold only letters and digits, so a quoted string cannot carry FTS5 syntax. A name is a phrase of the
    # names column only.
    phrase = '"' + " ".join(term.words) + '"' + (" *" if term.prefix else "")
    return f"names : {phrase}" if term.name else phrase


def compile(query: Query) -> tuple[str, str]:
    """(expression the documents must match, expression they must not match); '' for none."""
    wanted = " AND ".join("(" + " OR ".join(_term(t) for t in group) + ")" for group in query.groups)
    unwanted = " OR ".join(_term(t) for t in query.excluded)
    return wanted, unwanted


def matching(expression: str) -> RawSQL:
    """The ids of the documents matching expression, for pk__in."""
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])


def count(expression: str) -> int:
    """How many published documents match expression (FTS5 counts from its own index)."""
    with reader().cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])
        return cursor.fetchone()[0]


def ranked_ids(expression: str, among: tuple[str, tuple] | None, offset: int, limit: int, within: int) -> list[int]:
    """Ids of the documents among (SQL selecting ids of documents that match expression, params; None for every
    published document) best matching expression, most relevant first (the newest first among equals), ranked
    among the `within` newest matches at most."""
    with reader().cursor() as cursor:
        if among:
            # The newest of among in one pass (`+id`: found through the filters' indexes, then sorted, rather than
            # by walking every document newest first), then ranked as FTS5 yields the matches (`+rowid`: a bare
            # `rowid IN` would be handed to FTS5, which runs the whole MATCH again for each id).
            cursor.execute(
                f"WITH among(id) AS ({among[0]}) SELECT id FROM among ORDER BY +id DESC LIMIT %s", [*among[1], within]
            )
            newest = [pk for (pk,) in cursor.fetchall()]
            if not newest:
                return []
            restrict, params = " AND +rowid IN (SELECT value FROM json_each(%s))", [json.dumps(newest)]
            floor = newest[-1]
        else:
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
                [expression, within - 1],
            )
            found = cursor.fetchone()
            restrict, params, floor = "", [], found[0] if found else 0
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid >= %s{restrict} "
            f"ORDER BY bm25({TABLE}, {WEIGHTS}), rowid DESC LIMIT %s OFFSET %s",
            [expression, floor, *params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def write(rows: list[Row]) -> None:
    """Add the rows of documents the index does not hold (search.refresh removes them first)."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, title, summary, body, names) VALUES (%s, %s, %s, %s, %s)",
            [(row.document_id, row.title, row.summary, row.body, row.names) for row in rows],
        )
        cursor.executemany(
            f"INSERT INTO {FACETS} (document_id, facets) VALUES (%s, %s)",
            [(row.document_id, row.facets) for row in rows],
        )


def remove(document_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in document_ids])
        cursor.executemany(f"DELETE FROM {FACETS} WHERE document_id = %s", [(pk,) for pk in document_ids])


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"DELETE FROM {FACETS}")


def analyze() -> None:
    """Nothing: SQLite plans the index's queries without statistics."""


def hold_common_words() -> None:
    """Nothing: FTS5 ranks a common word from its own index."""


def size() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def facets(document_ids: list[int]) -> list[str]:
    """The facets field of each of document_ids that is indexed."""
    if not document_ids:
        return []
    marks = ", ".join(["%s"] * len(document_ids))
    with reader().cursor() as cursor:
        cursor.execute(f"SELECT facets FROM {FACETS} WHERE document_id IN ({marks})", list(document_ids))
        return [facets for (facets,) in cursor.fetchall()]


def read(document_ids: list[int]) -> dict[int, Row]:
    if not document_ids:
        return {}
    marks = ", ".join(["%s"] * len(document_ids))
    with reader().cursor() as cursor:
        cursor.execute(
            f"SELECT s.rowid, s.title, s.summary, s.body, s.names, f.facets FROM {TABLE} s "
            f"JOIN {FACETS} f ON f.document_id = s.rowid WHERE s.rowid IN ({marks})",
            list(document_ids),
        )
        return {values[0]: Row(*values) for values in cursor.fetchall()}


def indexed(document_ids: list[int]) -> set[int]:
    """Those of document_ids that have a row."""
    if not document_ids:
        return set()
    marks = ", ".join(["%s"] * len(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {TABLE} WHERE rowid IN ({marks})", list(document_ids))
        return {pk for (pk,) in cursor.fetchall()}
