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

Common words are ranked ahead (migration 0015): archive_search_common lists each word found in more than
HOLD_FROM documents when the index was last rebuilt, with how many documents hold it (total), and
archive_search_ranks holds the word's rank (the same ts_rank_cd) in every match from the word's floor up:
its HOLD newest matches after a rebuild, between HOLD_LOW and HOLD_HIGH as documents come and go (a write
adds the ranks of its words; a trim drops the oldest beyond HOLD_HIGH; a removal that leaves fewer than
HOLD_LOW reaches further down). A search for one such word, everywhere, is counted from `total` and ranked
by reading its best ranks from an index, where the vectors of its newest matches were read and ranked for
each page (58 ms at 100,000 documents). An OR of such words each holding all its matches (a word and the whole
names it also spells, names.py) is ranked by the sum of their ranks, which is the OR's own (_held_sums). Any
other query is answered as before. A word that becomes common after a rebuild is ranked the slower way until the
next (`manage.py reindex`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from ..query import Query, Term, fold, folded_words
from ..rows import NAME_SEPARATOR, Row
from . import reader

TABLE = "archive_search"
TERMS = "archive_search_terms"
FACETS = "archive_search_facets"
COMMON = "archive_search_common"  # the common words, ranked ahead
RANKS = "archive_search_ranks"  # (word, document, rank) for each common word's newest matches
STAGED = "archive_search_staged"  # a temporary table: the rows of one write on their way in
WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"  # D, C, B, A
NORMALIZATION = 1  # the rank divided by 1 + the logarithm of the document's length, as bm25 weighs length
MAX_INDEXED = 300_000  # characters of folded text per field: a tsvector holds at most 1 MB
HOLD_FROM = 500  # a word found in more documents than this is ranked ahead (no search ranks more vectors)
HOLD = 11_000  # its newest matches held after a rebuild, a trim or a reach further down
HOLD_LOW = 10_000  # fewer held (and older matches left): reach down to HOLD again; at least RANK_WITHIN
HOLD_HIGH = 12_000  # more held: trim back to HOLD


def rank(query: str) -> str:
    """SQL ranking the row s of TABLE for the tsquery query (SQL), wherever a rank is computed."""
    return f"ts_rank_cd({WEIGHTS}, s.vector, {query}, {NORMALIZATION})"


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
    """How many published documents match expression (from the GIN index and the narrow table; for a common
    word, the total kept with it)."""
    with reader().cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce((SELECT total FROM {COMMON} WHERE query = q), archive_search_count(q)) "
            "FROM to_tsquery('simple', %s) AS q",
            [expression],
        )
        return cursor.fetchone()[0]


def ranked_ids(expression: str, among: tuple[str, tuple] | None, offset: int, limit: int, within: int) -> list[int]:
    """Ids of the documents among (SQL selecting ids of documents that match expression, params; None for every
    published document) best matching expression, most relevant first (the newest first among equals), ranked
    among the `within` newest matches at most.

    A common word everywhere: its best ranks among its `within` newest, read from RANKS in order. Otherwise
    one query: the `within` newest matches are taken from the index's ids, or from among, which finds them
    itself (a top-N sort of ids, no walk of an OFFSET), then only their rows are read, by id, and ranked."""
    with reader().cursor() as cursor:
        if not among:
            held = _held_ranks(cursor, expression, offset, limit, within)
            if held is not None:
                return held
            newest, params = "SELECT id FROM archive_search_ids((SELECT q FROM q)) AS id", []
        else:
            newest, params = f"SELECT a.id FROM ({among[0]}) AS a(id)", list(among[1])
        cursor.execute(
            "WITH q AS (SELECT to_tsquery('simple', %s) AS q) "
            f"SELECT s.document_id FROM {TABLE} s, q WHERE s.document_id = ANY(ARRAY("
            f"{newest} ORDER BY id DESC LIMIT %s)) "
            f"ORDER BY {rank('q.q')} DESC, s.document_id DESC LIMIT %s OFFSET %s",
            [expression, *params, within, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def _held_ranks(cursor, expression: str, offset: int, limit: int, within: int) -> list[int] | None:
    """The ranked ids, when expression is a common word whose `within` newest matches are held, or an OR of common
    words each holding every one of its matches, at most `within` in all; else None."""
    words = _alternatives(expression)
    if words is not None:
        return _held_sums(cursor, words, offset, limit, within)
    cursor.execute(
        f"SELECT ARRAY(SELECT r.document_id FROM {RANKS} r WHERE r.word_id = w.id AND r.document_id >= ("
        f"SELECT coalesce(min(n.document_id), 0) FROM (SELECT document_id FROM {RANKS} WHERE word_id = w.id "
        "ORDER BY document_id DESC LIMIT %s) AS n) "
        "ORDER BY r.score DESC, r.document_id DESC LIMIT %s OFFSET %s) "
        f"FROM {COMMON} w WHERE w.query = to_tsquery('simple', %s) AND (w.floor = 0 OR w.held >= %s)",
        [within, limit, offset, expression, within],
    )
    found = cursor.fetchone()
    return found[0] if found else None


# An OR of quoted words, as compile() writes a group of words (a word and the whole names it also spells).
_OR_OF_WORDS = re.compile(r"\(?('[^'&|!<>():* ]+'(?: \| '[^'&|!<>():* ]+')+)\)?")


def _alternatives(expression: str) -> list[str] | None:
    """The distinct words of expression when it is an OR of two words or more (no phrase, prefix or AND); else None."""
    found = _OR_OF_WORDS.fullmatch(expression)
    words = list(dict.fromkeys(part[1:-1] for part in found[1].split(" | "))) if found else []
    return words if len(words) > 1 else None


def _held_sums(cursor, words: list[str], offset: int, limit: int, within: int) -> list[int] | None:
    """The ids ranked by the sum of each word's held rank, when every word holds all its matches (floor 0) and
    they hold at most `within` in all (so that all of the OR's matches are ranked, as from the vectors); else None.

    ts_rank_cd of an OR counts each position holding one of its words as a cover of its own, so a document's rank
    is the sum of its words' ranks (to a unit in the last place of a real), wherever its words stand at distinct
    positions: all but the positions a text beyond 16,383 words shares at the last one."""
    cursor.execute(
        f"SELECT ARRAY(SELECT r.document_id FROM {RANKS} r WHERE r.word_id = ANY(c.ids) GROUP BY r.document_id "
        "ORDER BY sum(r.score) DESC, r.document_id DESC LIMIT %s OFFSET %s) "
        f"FROM (SELECT array_agg(id) AS ids, count(*) AS n, bool_and(floor = 0) AS whole, sum(held) AS held "
        f"FROM {COMMON} WHERE lexeme = ANY(%s)) AS c WHERE c.n = %s AND c.whole AND c.held <= %s",
        [limit, offset, words, len(words), within],
    )
    found = cursor.fetchone()
    return found[0] if found else None


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
        _rank_common_words(cursor, [row.document_id for row in rows])


def remove(document_ids: list[int]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        _unrank_common_words(cursor, list(document_ids))
        for table in (TABLE, TERMS, FACETS):
            cursor.execute(f"DELETE FROM {table} WHERE document_id = ANY(%s)", [list(document_ids)])
        _reach_down(cursor, f"w.floor > 0 AND w.held < {HOLD_LOW}")


def clear() -> None:
    with connection.cursor() as cursor:
        for table in (TABLE, TERMS, FACETS, RANKS, COMMON):
            cursor.execute(f"DELETE FROM {table}")


def analyze() -> None:
    """The planner's statistics of the index taken afresh (after a rebuild): the function chosen for a search
    within filters follows its estimate of the matches (expected)."""
    with connection.cursor() as cursor:
        for table in (TABLE, TERMS, FACETS, RANKS, COMMON):
            cursor.execute(f"ANALYZE {table}")


def hold_common_words() -> None:
    """Rank ahead every word found in more than HOLD_FROM documents (after a rebuild of the index): its HOLD
    newest matches, or all of them."""
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        cursor.execute(f"DELETE FROM {RANKS}")
        cursor.execute(f"DELETE FROM {COMMON}")
        cursor.execute(
            f"INSERT INTO {COMMON} (lexeme, query, total, held, floor) "
            "SELECT word, to_tsquery('simple', quote_literal(word)), ndoc, 0, %s "
            f"FROM ts_stat('SELECT vector FROM {TERMS}') WHERE ndoc > %s AND numnode(to_tsquery('simple', "
            "quote_literal(word))) = 1",
            [2**63 - 1, HOLD_FROM],
        )
        _reach_down(cursor, "TRUE")


def _lock(cursor) -> None:
    """One writer of the common words' ranks at a time, until the transaction ends (no deadlock between two
    writers updating the same words in different orders)."""
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [COMMON])


# The common words (w) of the rows of TABLE (s) whose ids are the parameter.
_WORDS_OF = (
    f"FROM {TABLE} s CROSS JOIN LATERAL unnest(tsvector_to_array(s.vector)) AS l(lexeme) "
    f"JOIN {COMMON} w ON w.lexeme = l.lexeme WHERE s.document_id = ANY(%s)"
)


def _tally(sign: str) -> str:
    """UPDATE of the common words' totals and counts held by the documents `found` (word_id, kept), added
    (sign '+') or taken away ('-')."""
    return (
        f"UPDATE {COMMON} w SET total = w.total {sign} c.n, held = w.held {sign} c.kept FROM (SELECT word_id, "
        "count(*) AS n, count(*) FILTER (WHERE kept) AS kept FROM found GROUP BY word_id) AS c WHERE w.id = c.word_id"
    )


def _rank_common_words(cursor, document_ids: list[int]) -> None:
    """Count the written documents in the totals of their common words, hold their ranks from each word's
    floor up, and trim the words that then hold more than HOLD_HIGH."""
    _lock(cursor)
    cursor.execute(
        f"WITH found AS (SELECT w.id AS word_id, s.document_id, s.document_id >= w.floor AS kept, "
        f"CASE WHEN s.document_id >= w.floor THEN {rank('w.query')} END AS score {_WORDS_OF}), "
        f"added AS (INSERT INTO {RANKS} (word_id, document_id, score) "
        "SELECT word_id, document_id, score FROM found WHERE kept) " + _tally("+"),
        [document_ids],
    )
    cursor.execute(
        f"WITH over AS (SELECT w.id, (SELECT r.document_id FROM {RANKS} r WHERE r.word_id = w.id "
        f"ORDER BY r.document_id DESC OFFSET {HOLD - 1} LIMIT 1) AS floor FROM {COMMON} w "
        f"WHERE w.held > {HOLD_HIGH}), "
        f"gone AS (DELETE FROM {RANKS} r USING over WHERE r.word_id = over.id AND r.document_id < over.floor) "
        f"UPDATE {COMMON} w SET floor = over.floor, held = {HOLD} FROM over WHERE w.id = over.id"
    )


def _unrank_common_words(cursor, document_ids: list[int]) -> None:
    """Take the documents about to be removed out of their common words' totals and ranks."""
    _lock(cursor)
    cursor.execute(
        f"WITH found AS (SELECT w.id AS word_id, s.document_id, s.document_id >= w.floor AS kept {_WORDS_OF}), "
        f"gone AS (DELETE FROM {RANKS} r USING found f WHERE f.kept AND r.word_id = f.word_id "
        "AND r.document_id = f.document_id) " + _tally("-"),
        [document_ids],
    )


def _reach_down(cursor, condition: str) -> None:
    """For the common words (w) meeting condition, hold the ranks of their matches below the floor, newest
    first, until HOLD are held; the floor is then the oldest held, or 0 when none older is left."""
    cursor.execute(
        f"WITH low AS (SELECT w.id, w.query, w.floor, {HOLD} - w.held AS wanted FROM {COMMON} w WHERE {condition}), "
        f"found AS (SELECT low.id AS word_id, s.document_id, {rank('low.query')} AS score FROM low "
        "CROSS JOIN LATERAL (SELECT i FROM archive_search_ids(low.query) AS i WHERE i < low.floor "
        f"ORDER BY i DESC LIMIT low.wanted) AS m JOIN {TABLE} s ON s.document_id = m.i), "
        f"added AS (INSERT INTO {RANKS} (word_id, document_id, score) SELECT word_id, document_id, score FROM found "
        "RETURNING word_id, document_id) "
        f"UPDATE {COMMON} w SET held = w.held + coalesce(a.n, 0), "
        "floor = CASE WHEN coalesce(a.n, 0) < low.wanted THEN 0 ELSE a.oldest END "
        "FROM low LEFT JOIN (SELECT word_id, count(*) AS n, min(document_id) AS oldest FROM added GROUP BY word_id) "
        "AS a ON a.word_id = low.id WHERE w.id = low.id"
    )


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
