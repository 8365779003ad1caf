"""On PostgreSQL, the search index holds the rank of each common word in its newest matches; on SQLite,
nothing changes.

Ranking a word found in most of the archive read the vectors of its 10,000 newest matches and ranked each
one (ts_rank_cd): 58 ms of a 100 ms page for a common word at 100,000 documents. archive_search_common
lists the words found in more than a few thousand documents, and archive_search_ranks holds each one's
rank in every match from a floor up (at least the 10,000 newest), computed when a document is written. A
search for one such word reads its best ranks from an index (archive/search/backends/postgres.py).

The rows of the index are removed here, so that it is rebuilt with the ranks after `migrate`
(archive/search/signals.py).
"""

from django.db import migrations

FORWARDS = [
    "CREATE TABLE archive_search_common (id serial PRIMARY KEY, lexeme text NOT NULL UNIQUE, "
    "query tsquery NOT NULL UNIQUE, total integer NOT NULL, held integer NOT NULL, floor bigint NOT NULL)",
    # Widest first, so that no padding aligns the bigint: 16 bytes a row.
    "CREATE TABLE archive_search_ranks (document_id bigint NOT NULL, score real NOT NULL, word_id integer NOT NULL, "
    "PRIMARY KEY (word_id, document_id))",
    "CREATE INDEX archive_search_ranks_best ON archive_search_ranks (word_id, score DESC, document_id DESC)",
    "TRUNCATE archive_search, archive_search_terms, archive_search_facets",
]
BACKWARDS = [
    "DROP TABLE IF EXISTS archive_search_ranks",
    "DROP TABLE IF EXISTS archive_search_common",
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
    dependencies = [("archive", "0014_postgres_whole_names")]

    operations = [migrations.RunPython(forwards, backwards)]
