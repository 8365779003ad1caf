"""On PostgreSQL, words found in more than 500 documents are ranked ahead, where the floor was 2,000; on SQLite,
nothing changes.

Ranking a word from the vectors reads each match's row (about 4 µs a match at 100,000 documents): a word found in
2,000 documents took 8 to 11 ms, and its page's tail reached the disk cache when the rows had left PostgreSQL's
buffers. Held from 500 matches, no search ranks more than 500 vectors (about 2 ms), and the ranks of the words
between 500 and 2,000 matches add about a fifth to archive_search_ranks (archive/search/backends/postgres.py).

The rows of the index are removed here, so that it is rebuilt with the new words' ranks after `migrate`
(archive/search/signals.py).
"""

from django.db import migrations

TABLES = "archive_search, archive_search_terms, archive_search_facets, archive_search_ranks, archive_search_common"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"TRUNCATE {TABLES}")


class Migration(migrations.Migration):
    dependencies = [("archive", "0015_postgres_common_words")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
