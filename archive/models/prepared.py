"""Queries compiled once and run again for each record: the reading pages ask the same few queries of
every document, and Django took longer to compile them into SQL than SQLite took to answer them.

    texts = Prepared(Text.objects.order_by("order").filter(document_id=Prepared.VALUE))
    texts.run(document.pk)  # the same model instances as list(Text.objects...filter(document_id=document.pk))

The queryset is compiled the first time it runs on a connection, with `Prepared.VALUE` standing for the
value; each run copies the compiled statement with its own value in that place and lets Django make the
model instances from the rows as usual (related objects, annotations, converters). The queryset is fixed
when it is built, so one whose conditions depend on the day is built once a day (`built_daily`).
"""

from __future__ import annotations

import copy

from django.db import connections
from django.db.models import QuerySet

from .common import built_daily


class Prepared:
    # Stands for the value when compiling: within the range of any integer field (Django finds nothing for a
    # value out of range without compiling the condition), and no row of the archive has it as a key.
    VALUE = 2_147_480_531

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        # {(database alias, connection id): (connection, compiler, sql, params, places, converters)}: a connection
        # object is its thread's own, so each thread of a threaded server compiles once.
        self._compiled: dict[tuple[str, int], tuple] = {}

    def run(self, value) -> list:
        """The queryset's rows (model instances) with value in place of `Prepared.VALUE`."""
        queryset = self.queryset._chain()
        _, compiler, sql, params, places, converters = self._compile(queryset.db)
        params = list(params)
        for place in places:
            params[place] = value
        statement = (sql, tuple(params))
        compiler = copy.copy(compiler)  # its selected columns, related objects and annotations, as compiled
        compiler.as_sql = lambda *args, **kwargs: statement
        compiler.get_converters = lambda expressions: converters
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # this copy of the query only
        return list(queryset)

    def _compile(self, alias: str) -> tuple:
        connection = connections[alias]
        kept = self._compiled.get((alias, id(connection)))
        if kept is None or kept[0] is not connection:
            compiler = self.queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            places = [i for i, param in enumerate(params) if param == self.VALUE]
            if not places:
                raise ValueError("A prepared query must compare a field with Prepared.VALUE.")
            converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
            kept = self._compiled[alias, id(connection)] = (connection, compiler, sql, params, places, converters)
        return kept


def prepared_daily(build):
    """build(), a queryset comparing a field with `Prepared.VALUE`, built once a day and compiled once per
    connection as a `Prepared` query."""
    return built_daily(lambda: Prepared(build()))
