"""On PostgreSQL, the search index holds each name of a document's names field whole, as one lexeme, and the
functions returning a search's matches keep them in memory; on SQLite, nothing changes.

A name the search adds (another spelling of a person's or place's name the reader typed) was a phrase: the
index finds the documents holding each of its words, then reads each one's vector to check that they follow
one another. For a three-word name at 100,000 documents that read 7,707 vectors (36,588 buffers, 43 ms) to
find 47. Matched as one lexeme (archive/search/backends/postgres.py, name_lexeme), it is answered by the
index alone.

The matches of a common word (75,000 ids at 100,000 documents) overflowed the 4 MB of work memory the
function returning them had, and went to a temporary file on disk before being sorted: 42 ms, 28 with the
memory given to the function.

The rows of the index are removed here, so that the index is rebuilt with the whole names after `migrate`
(archive/search/signals.py), as after every migration that leaves it out of step with the published
documents.
"""

from django.db import migrations

DECLARED = (100, 1_000, 10_000, 100_000, 1_000_000)
FUNCTIONS = ["archive_search_ids(tsquery)", *(f"archive_search_ids_{n}(tsquery)" for n in DECLARED)]
TABLES = ("archive_search", "archive_search_terms", "archive_search_facets")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for function in FUNCTIONS:
            schema_editor.execute(f"ALTER FUNCTION {function} SET work_mem = '64MB'")
        for table in TABLES:
            schema_editor.execute(f"TRUNCATE {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for function in FUNCTIONS:
            schema_editor.execute(f"ALTER FUNCTION {function} RESET work_mem")


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_sqlite_search_facets")]

    operations = [migrations.RunPython(forwards, backwards)]
