"""The full-text index holds published documents only, each with its facet values (see search/rows.py).

The index is rebuilt from the records after `migrate` (archive/search/signals.py), as it is after
every migration that leaves it out of step with the published documents.
"""

from django.db import migrations

CREATE = {
    "sqlite": [
        "DROP TABLE IF EXISTS archive_search",
        "CREATE VIRTUAL TABLE archive_search USING fts5("
        "title, summary, body, names, facets UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    ],
    "postgresql": [
        "DELETE FROM archive_search",
        "ALTER TABLE archive_search ADD COLUMN facets text NOT NULL DEFAULT ''",
    ],
}
DROP = {
    "sqlite": [
        "DROP TABLE IF EXISTS archive_search",
        "CREATE VIRTUAL TABLE archive_search USING fts5("
        "title, summary, body, names, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    ],
    "postgresql": ["DELETE FROM archive_search", "ALTER TABLE archive_search DROP COLUMN facets"],
}


def forwards(apps, schema_editor):
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_reading_order_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
