"""Full-text search on PostgreSQL: three tables with one row per public document (migrations 0004, 0008
and 0011).

archive_search_terms holds the tsvector under a GIN index, out of line, so its rows are narrow: the
functions archive_search_ids and archive_search_count find and count matches from the index whatever
share of the archive matches, without reading a vector. archive_search_facets holds the facet values
(read a sample at a time); archive_search holds what the page shows and a copy of the vector inline,
which ranking reads by id. Words are folded (case, accents) in Python before they reach
to_tsvector('simple', ...) and to_tsquery, so both sides agree; ts_rank_cd ranks, weighting the title
(A) above names and summary (B) and the text (D), and dividing by one plus the logarithm of the text's length
(as bm25 weighs length on SQLite: without it, the longest texts came first).

Each name of the names field is also held whole, as one lexeme (name_lexeme): a name the search adds
(Term.name) is found from the index alone, where a phrase is checked against the vector of every document
holding its words (7,700 vectors read to find 47 documents for a three-word name at 100,000).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from ..query import Query, Term, fold, folded_words
from ..rows import NAME_SEPARATOR, Row
from . import reader

TABLE = "archive_search"
TERMS = "archive_search_terms"
FACETS = "archive_search_facets"
STAGED = "archive_search_staged"  # a temporary table: the rows of one write on their way in
WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"  # D, C, B, A
NORMALIZATION = 1  # the rank divided by 1 + the logarithm of the document's length, as bm25 weighs length
MAX_INDEXED = 300_000  # characters of folded text per field: a tsvector holds at most 1 MB


def folded(text: str) -> str:
    """text as the index sees it: folded words separated by spaces."""
    return " ".join(folded_words(text))[:MAX_INDEXED]


def name_lexeme(words: Iterable[str]) -> str:
    """The lexeme standing for a whole name (its folded words): `name` and 20 hexadecimal digits, which the parser
    keeps as one word in a text and in a query, and which a text holds only by chance."""
    return "name" + hashlib.blake2b(" ".join(words).encode(), digest_size=10).hexdigest()


def whole_names(names: str) -> str:
    """The lexemes of the whole names of a names field, separated by spaces."""
    found = (folded_words(name) for name in names.split(NAME_SEPARATOR))
    return " ".join(dict.fromkeys(name_lexeme(words) for words in found if words))


def _term(term: Term) -> str:
    # Folded words hold only letters and digits, so a quoted lexeme cannot carry tsquery syntax.
    if term.name:
        return f"'{name_lexeme(fold(word) for word in term.words)}'"
    lexemes = [f"'{fold(word)}'" for word in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return " <-> ".join(lexemes)


def compile(query: Query) -> tuple[str, str]:
    """(tsquery the documents must match, tsquery they must not match); '' for none."""
    wanted = " & ".join("(" + " | ".join(_term(t) for t in group) + ")" for group in query.groups)
    unwanted = " | ".join(f"({_term(t)})" for t in query.excluded)
    return wanted, unwanted


# The functions archive_search_ids_<n> (migration 0012) return the ids archive_search_ids does, declared to be n.
DECLARED = (100, 1_000, 10_000, 100_000, 1_000_000)


def expected(expression: str, using) -> int:
    """How many documents the planner expects expression to match, from the statistics of the vectors (the
    frequency of each word it keeps track of); a plan, nothing read."""
    with using.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TERMS} WHERE vector @@ to_tsquery('simple', %s)", [expression]
        )
        plan = cursor.fetchone()[0]
    return int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])


def ids_function(expected: int) -> str:
    """The function declared to return the number of ids nearest to expected (in orders of magnitude)."""
    declared = min(DECLARED, key=lambda n: abs(math.log10(n) - math.log10(max(expected, 1))))
    return f"archive_search_ids_{declared}"


class Matching(RawSQL):
    """The ids of the documents matching expression, for pk__in, from the function declared to return about as
    many ids as the planner expects (chosen when the query is compiled, on the connection that runs it): a
    join with the filtered documents then fits the number of matches.

    Joined to the narrow table's primary key, which tells the planner the ids are distinct: it then joins
    them to the documents as a set rather than looking up each match more than once."""

    def __init__(self, expression: str):
        self.expression = expression
        super().__init__("", [expression])

    def as_sql(self, compiler, connection):
        if not self.sql:
            function = ids_function(expected(self.expression, connection))
            self.sql = (
                f"SELECT t.document_id FROM {TERMS} t JOIN {function}(to_tsquery('simple', %s)) i ON i = t.document_id"
            )
        return super().as_sql(compiler, connection)


def matching(expression: str) -> RawSQL:
    """The ids of the documents matching expression, for pk__in (see Matching)."""
    return Matching(expression)


def count(expression: str) -> int:
    """How many published documents match expression (from the GIN index and the narrow table)."""
    with reader().cursor() as cursor:
        cursor.execute("SELECT archive_search_count(to_tsquery('simple', %s))", [expression])
        return cursor.fetchone()[0]


def ranked_ids(expression: str, among: tuple[str, tuple] | None, offset: int, limit: int, within: int) -> list[int]:
    """Ids of the documents among (SQL selecting ids of documents that match expression, params; None for every
    published document) best matching expression, most relevant first (the newest first among equals), ranked
    among the `within` newest matches at most.

    One query: the `within` newest matches are taken from the index's ids, or from among, which finds them
    itself (a top-N sort of ids, no walk of an OFFSET), then only their rows are read, by id, and ranked."""
    if among:
        newest, params = f"SELECT a.id FROM ({among[0]}) AS a(id)", list(among[1])
    else:
        newest, params = "SELECT id FROM archive_search_ids((SELECT q FROM q)) AS id", []
    with reader().cursor() as cursor:
        cursor.execute(
            "WITH q AS (SELECT to_tsquery('simple', %s) AS q) "
            f"SELECT s.document_id FROM {TABLE} s, q WHERE s.document_id = ANY(ARRAY("
            f"{newest} ORDER BY id DESC LIMIT %s)) "
            f"ORDER BY ts_rank_cd({WEIGHTS}, s.vector, q.q, {NORMALIZATION}) DESC, s.document_id DESC "
            "LIMIT %s OFFSET %s",
            [expression, *params, within, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def write(rows: list[Row]) -> None:
    """Add the rows of documents the index does not hold (search.refresh removes them first): copied into a
    temporary table (no quoting of long texts, one round trip), then inserted from it with their vectors made
    by the server."""
    if not rows:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGED} (document_id bigint, title text, summary text, "
            "body text, names text, facets text, title_words text, summary_words text, body_words text, "
            "names_words text, whole_names text) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy(f"COPY {STAGED} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    (
                        row.document_id,
                        row.title,
                        row.summary,
                        row.body,
                        row.names,
                        row.facets,
                        folded(row.title),
                        folded(row.summary),
                        folded(row.body),
                        folded(row.names),
                        whole_names(row.names),
                    )
                )
        cursor.execute(
            f"INSERT INTO {TABLE} (document_id, title, summary, body, names, vector) "
            "SELECT document_id, title, summary, body, names, "
            "setweight(to_tsvector('simple', title_words), 'A') "
            "|| setweight(to_tsvector('simple', summary_words), 'B') "
            "|| setweight(to_tsvector('simple', body_words), 'D') "
            "|| setweight(to_tsvector('simple', names_words), 'B') "
            "|| setweight(to_tsvector('simple', whole_names), 'B') "
            f"FROM {STAGED}"
        )
        cursor.execute(
            f"INSERT INTO {TERMS} (document_id, vector) SELECT document_id, vector FROM {TABLE} "
            "WHERE document_id = ANY(%s)",
            [[row.document_id for row in rows]],
        )
        cursor.execute(f"INSERT INTO {FACETS} (document_id, facets) SELECT document_id, facets FROM {STAGED}")
        cursor.execute(f"DELETE FROM {STAGED}")  # a later write in the same transaction starts empty


def remove(document_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        for table in (TABLE, TERMS, FACETS):
            cursor.execute(f"DELETE FROM {table} WHERE document_id = ANY(%s)", [list(document_ids)])


def clear() -> None:
    with connection.cursor() as cursor:
        for table in (TABLE, TERMS, FACETS):
            cursor.execute(f"DELETE FROM {table}")


def analyze() -> None:
    """The planner's statistics of the index taken afresh (after a rebuild): the function chosen for a search
    within filters follows its estimate of the matches (expected)."""
    with connection.cursor() as cursor:
        for table in (TABLE, TERMS, FACETS):
            cursor.execute(f"ANALYZE {table}")


def size() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def facets(document_ids: list[int]) -> list[str]:
    """The facets field of each of document_ids that is indexed."""
    with reader().cursor() as cursor:
        cursor.execute(f"SELECT facets FROM {FACETS} WHERE document_id = ANY(%s)", [list(document_ids)])
        return [facets for (facets,) in cursor.fetchall()]


def read(document_ids: list[int]) -> dict[int, Row]:
    if not document_ids:
        return {}
    with reader().cursor() as cursor:
        cursor.execute(
            f"SELECT s.document_id, s.title, s.summary, s.body, s.names, f.facets FROM {TABLE} s "
            f"JOIN {FACETS} f USING (document_id) WHERE s.document_id = ANY(%s)",
            [list(document_ids)],
        )
        return {values[0]: Row(*values) for values in cursor.fetchall()}


def indexed(document_ids: list[int]) -> set[int]:
    """Those of document_ids that have a row."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT document_id FROM {TABLE} WHERE document_id = ANY(%s)", [list(document_ids)])
        return {pk for (pk,) in cursor.fetchall()}
