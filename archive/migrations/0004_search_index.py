"""The full-text index: an FTS5 table on SQLite, a table with a GIN-indexed tsvector on PostgreSQL."""

from django.db import migrations

CREATE = {
    "sqlite": [
        "CREATE VIRTUAL TABLE archive_search USING fts5("
        "title, summary, body, names, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    ],
    "postgresql": [
        "CREATE TABLE archive_search (document_id bigint PRIMARY KEY, title text NOT NULL, summary text NOT NULL, "
        "body text NOT NULL, names text NOT NULL, vector tsvector NOT NULL)",
        "CREATE INDEX archive_search_vector ON archive_search USING GIN (vector)",
    ],
}


def create(apps, schema_editor):
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        schema_editor.execute("DROP TABLE IF EXISTS archive_search")


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_staged_files")]

    # The rows are written by `manage.py reindex` (run it once after this migration), then kept current.
    operations = [migrations.RunPython(create, drop)]
