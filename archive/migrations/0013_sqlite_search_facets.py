"""On SQLite, each indexed document's facet values move from the FTS5 table to a table of their own; on
PostgreSQL, nothing changes (they are in archive_search_facets since 0011).

Facets are counted over a sample of 1,000 matching documents, read by id. Read from the FTS5 table, each
row is read whole (FTS5 fetches every column of its content row, the text included), and the facet values,
stored after the text, are reached past its overflow pages: 3.7 ms of CPU for 1,000 documents at 100,000.
From a narrow table keyed by the document, the same read takes a third of that.

The index is rebuilt from the records after `migrate` (archive/search/signals.py), as after every migration
that leaves it out of step with the published documents.
"""

from django.db import migrations

FTS5 = "USING fts5({columns}, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
FORWARDS = [
    "DROP TABLE IF EXISTS archive_search",
    "CREATE VIRTUAL TABLE archive_search " + FTS5.format(columns="title, summary, body, names"),
    "CREATE TABLE archive_search_facets (document_id integer NOT NULL PRIMARY KEY, facets text NOT NULL)",
]
BACKWARDS = [
    "DROP TABLE IF EXISTS archive_search_facets",
    "DROP TABLE IF EXISTS archive_search",
    "CREATE VIRTUAL TABLE archive_search " + FTS5.format(columns="title, summary, body, names, facets UNINDEXED"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("archive", "0012_postgres_search_plans")]

    operations = [migrations.RunPython(forwards, backwards)]
