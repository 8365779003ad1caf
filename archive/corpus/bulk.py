"""A large load on PostgreSQL: the loading session's settings, secondary indexes set aside while it runs, and the
database made ready to serve after it.

The settings are the session's own, put back when the load ends; the indexes set aside are rebuilt from their own
definitions, read from the database before they are dropped; SQLite is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connection
from psycopg.pq import TransactionStatus

# synchronous_commit off: a batch's commit does not wait for its WAL to reach the disk; a crash of the server
# loses the last batches of a synthetic load, and never corrupts what is there. lz4 compresses the long texts
# several times faster than the default pglz (where the server was built with it; read back the same way).
# maintenance_work_mem: memory to sort in when the indexes set aside are built again.
SESSION = {"synchronous_commit": "off", "default_toast_compression": "lz4", "maintenance_work_mem": "256MB"}
# An index whose first column is one of these stays: the load reads the rows it has just written through it
# (the search index's rows are made from a batch's texts and mentions, found by their document).
READ_BY = ("document_id",)


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


@contextmanager
def indexes_set_aside(tables: Iterable[str], notify: Callable[[str], None] | None = None) -> Iterator[list[str]]:
    """The secondary indexes of tables dropped while the with block runs, and built again when it ends (PostgreSQL
    only): one build sorts every row once, where a load keeping them up to date inserts into each index row by
    row. Kept: the indexes of primary keys and unique constraints, and those the load reads through (READ_BY).

    Yields the definitions of the indexes set aside; notify(definition) is called with each before it is dropped,
    so that a load killed before its end (when the indexes are not rebuilt) leaves a way to rebuild them."""
    if connection.vendor != "postgresql":
        yield []
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, pg_get_indexdef(ix.indexrelid), first.attname "
            "FROM pg_index ix JOIN pg_class index ON index.oid = ix.indexrelid "
            "JOIN pg_class tab ON tab.oid = ix.indrelid "
            "LEFT JOIN pg_attribute first ON first.attrelid = ix.indrelid AND first.attnum = ix.indkey[0] "
            "WHERE tab.relname = ANY(%s) AND tab.relnamespace = current_schema()::regnamespace "
            "AND NOT ix.indisprimary AND NOT ix.indisunique "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid) "
            "ORDER BY tab.relname, index.relname",
            [list(tables)],
        )
        aside = [(name, definition) for name, definition, first in cursor.fetchall() if first not in READ_BY]
        with _constraints_checked(cursor):
            for name, definition in aside:
                if notify:
                    notify(definition)
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield [definition for _, definition in aside]
    finally:
        # Unless the transaction they were dropped in failed: rolled back, it puts them back itself.
        if connection.connection.info.transaction_status != TransactionStatus.INERROR:
            with connection.cursor() as cursor, _constraints_checked(cursor):
                for _, definition in aside:
                    cursor.execute(definition)


@contextmanager
def _constraints_checked(cursor) -> Iterator[None]:
    """Within a transaction, the checks of deferred constraints made at once before the with block, and deferred
    again after it: an index cannot be dropped or built on a table with checks pending."""
    if connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    if connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


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
