"""A large load on PostgreSQL: the loading session's settings, and the database made ready to serve after it.

Nothing here changes the schema or the server's configuration: the settings are the session's own, put back when
the load ends, and SQLite is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

# synchronous_commit off: a batch's commit does not wait for its WAL to reach the disk; a crash of the server
# loses the last batches of a synthetic load, and never corrupts what is there. lz4 compresses the long texts
# several times faster than the default pglz (where the server was built with it; read back the same way).
SESSION = {"synchronous_commit": "off", "default_toast_compression": "lz4"}


@contextmanager
def loading() -> Iterator[None]:
    """The session set for a bulk load while the with block runs, and as it was afterwards (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting, enumvals FROM pg_settings WHERE name = ANY(%s)", [list(SESSION)])
        found = {name: (setting, choices) for name, setting, choices in cursor.fetchall()}
        wanted = {
            name: value
            for name, value in SESSION.items()
            if name in found and (found[name][1] is None or value in found[name][1])
        }
        for name, value in wanted.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in wanted:
                cursor.execute("SELECT set_config(%s, %s, false)", [name, found[name][0]])


def ready_to_serve(tables: Iterable[str]) -> None:
    """Statistics of the tables brought up to date, so that the planner knows their new sizes (PostgreSQL only).

    Outside a transaction, VACUUM (ANALYZE) also marks the new pages all-visible, which lets counts be answered
    from indexes alone; inside one (a test), ANALYZE alone, which a transaction allows."""
    if connection.vendor != "postgresql":
        return
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{statement} {connection.ops.quote_name(table)}")
