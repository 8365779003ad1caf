"""On PostgreSQL, the matches of a search are offered to the planner under the number it expects them to be;
on SQLite, nothing changes.

archive_search_ids (0011) is declared to return 10,000 ids whatever the words. A search within filters
joins those ids to the filtered documents, and the planner chooses the join from that number: for a
word found in 85,000 documents of 100,000 and a type held by 19,000, it looked up each match among the
documents (a quarter of a million buffers) instead of hashing one side. The functions
archive_search_ids_<n> return the same ids, each declared to return n of them (100 to 1,000,000); the
search names the one nearest the planner's own estimate of the words' matches (from the statistics of
archive_search_terms, archive/search/backends/postgres.py), so the join fits the count.

The published documents of a type (with their dates and embargo) are found with their ids in one index,
archive_document_public_ids, read alone (an index-only scan): a filter by type no longer reads a page of
the documents' table for each of its documents before the join, which SQLite's indexes, holding the rowid,
never had to. Its 19,550 reports of 100,000 documents took 6,884 buffers, now 162.

The statistics of the vectors are kept for more words (a target of 1,000 instead of 100), so that a word
found in a few hundred documents of a large archive is estimated from its own frequency, not guessed.
"""

from django.db import migrations

DECLARED = (100, 1_000, 10_000, 100_000, 1_000_000)

FORWARDS = [
    *(
        f"CREATE FUNCTION archive_search_ids_{n}(query tsquery) RETURNS SETOF bigint LANGUAGE sql STABLE ROWS {n} "
        "SET enable_seqscan = off SET enable_indexscan = off "
        "AS 'SELECT document_id FROM archive_search_terms WHERE vector @@ query'"
        for n in DECLARED
    ),
    "ALTER TABLE archive_search_terms ALTER COLUMN vector SET STATISTICS 1000",
    "CREATE INDEX archive_document_public_ids ON archive_document "
    "(status, doc_type, embargo_until, date_start, date_end) INCLUDE (id)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS archive_document_public_ids",
    "ALTER TABLE archive_search_terms ALTER COLUMN vector SET STATISTICS -1",
    *(f"DROP FUNCTION IF EXISTS archive_search_ids_{n}(tsquery)" for n in DECLARED),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_postgres_search")]

    operations = [migrations.RunPython(forwards, backwards)]
