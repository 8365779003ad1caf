"""One module per database: sqlite (FTS5) and postgres (tsvector with a GIN index).

Each offers the same functions: compile, matching, count, ranked_ids, write, remove, clear, size,
facets, read, indexed. Those a reader's page calls (count, ranked_ids, facets, read) use reader().
"""

from django.db import connections, router


def reader():
    """The connection a search reads from: a read replica when the request may read one (archive/dbrouter.py),
    else the primary. The index is written on the primary only."""
    from archive.models import Document

    return connections[router.db_for_read(Document)]
