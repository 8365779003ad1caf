"""On PostgreSQL, documents are matched and counted from a narrow table, and ranked from vectors kept inline;
on SQLite, nothing changes.

archive_search_terms holds one tsvector per public document under the GIN index, every vector out of line
(toast_tuple_target), so a row of the table itself is a few dozen bytes: counting matches reads the index
and a few pages of that table, never a vector. archive_search_facets holds the facet values, read a sample
of a thousand documents at a time. archive_search keeps what the page shows (title, summary, texts,
names) and a copy of the vector stored in its row (STORAGE MAIN, rows of up to a
page before anything moves out of line), which ranking reads by id without a TOAST lookup.

archive_search_ids(tsquery) and archive_search_count(tsquery) answer from the GIN index whatever share of
the archive matches: the planner, which does not know what reading a vector costs, would otherwise scan
the whole table for a common word and read every vector. They are thought to return 10,000 ids (ROWS):
enough that a search within filters is planned as a hash join of the filtered documents with the matches,
not as a lookup of each match.

The rows are written again after `migrate` (the index is out of step: archive/search/signals.py).
"""

from django.db import migrations

FORWARDS = [
    "DELETE FROM archive_search",
    "DROP INDEX IF EXISTS archive_search_vector",
    "ALTER TABLE archive_search ALTER COLUMN vector SET STORAGE MAIN",
    "ALTER TABLE archive_search SET (toast_tuple_target = 8160)",
    "CREATE TABLE archive_search_terms (document_id bigint PRIMARY KEY, vector tsvector NOT NULL) "
    "WITH (toast_tuple_target = 128)",
    "CREATE INDEX archive_search_terms_vector ON archive_search_terms USING GIN (vector)",
    "CREATE TABLE archive_search_facets (document_id bigint PRIMARY KEY, facets text NOT NULL)",
    "ALTER TABLE archive_search DROP COLUMN facets",
    # Bitmap scans of the GIN index only: no sequential scan, no walk of the primary key filtering vectors.
    "CREATE FUNCTION archive_search_ids(query tsquery) RETURNS SETOF bigint LANGUAGE sql STABLE ROWS 10000 "
    "SET enable_seqscan = off SET enable_indexscan = off "
    "AS 'SELECT document_id FROM archive_search_terms WHERE vector @@ query'",
    "CREATE FUNCTION archive_search_count(query tsquery) RETURNS bigint LANGUAGE sql STABLE "
    "SET enable_seqscan = off SET enable_indexscan = off "
    "AS 'SELECT count(*) FROM archive_search_terms WHERE vector @@ query'",
]
BACKWARDS = [
    "DROP FUNCTION IF EXISTS archive_search_count(tsquery)",
    "DROP FUNCTION IF EXISTS archive_search_ids(tsquery)",
    "DROP TABLE IF EXISTS archive_search_terms",
    "DROP TABLE IF EXISTS archive_search_facets",
    "DELETE FROM archive_search",
    "ALTER TABLE archive_search ADD COLUMN facets text NOT NULL DEFAULT ''",
    "ALTER TABLE archive_search RESET (toast_tuple_target)",
    "ALTER TABLE archive_search ALTER COLUMN vector SET STORAGE EXTENDED",
    "CREATE INDEX archive_search_vector ON archive_search USING GIN (vector)",
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
    dependencies = [("archive", "0010_merge_names_supplied_workflow")]

    operations = [migrations.RunPython(forwards, backwards)]
