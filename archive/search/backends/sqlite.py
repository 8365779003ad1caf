"""Full-text search on SQLite: an FTS5 table with one row per document (rowid = document id).

The table is created by migration 0003 on SQLite only. FTS5 tokenizes (unicode61, accents
removed) and ranks with bm25, weighting a match in the title above one in the text.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import RawSQL

from archive.models import Document

from ..query import Query, Term
from ..rows import Row

TABLE = "archive_search"
WEIGHTS = "10.0, 4.0, 1.0, 3.0"  # title, summary, body, names


def _term(term: Term) -> str:
    # Words hold only letters and digits, so a quoted string cannot carry FTS5 syntax.
    return '"' + " ".join(term.words) + '"' + (" *" if term.prefix else "")


def compile(query: Query) -> tuple[str, str]:
    """(expression the documents must match, expression they must not match); '' for none."""
    wanted = " AND ".join("(" + " OR ".join(_term(t) for t in group) + ")" for group in query.groups)
    unwanted = " OR ".join(_term(t) for t in query.excluded)
    return wanted, unwanted


def matching(expression: str) -> RawSQL:
    """The ids of the documents matching expression, for pk__in."""
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])


def ranked_ids(expression: str, among: tuple[str, tuple], offset: int, limit: int) -> list[int]:
    """Ids of the documents among (SQL selecting ids, params) best matching expression, most relevant first."""
    sql, params = among
    document = connection.ops.quote_name(Document._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {TABLE}.rowid FROM {TABLE} JOIN {document} d ON d.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s AND d.id IN ({sql}) "
            f"ORDER BY bm25({TABLE}, {WEIGHTS}), d.date_start IS NULL, d.date_start, d.record LIMIT %s OFFSET %s",
            [expression, *params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def write(rows: list[Row]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row.document_id,) for row in rows])
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, title, summary, body, names) VALUES (%s, %s, %s, %s, %s)",
            [(row.document_id, row.title, row.summary, row.body, row.names) for row in rows],
        )


def remove(document_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in document_ids])


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


def read(document_ids: list[int]) -> dict[int, Row]:
    if not document_ids:
        return {}
    marks = ", ".join(["%s"] * len(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, title, summary, body, names FROM {TABLE} WHERE rowid IN ({marks})", list(document_ids)
        )
        return {values[0]: Row(*values) for values in cursor.fetchall()}
