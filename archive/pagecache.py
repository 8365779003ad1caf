"""A cache of the rendered reading pages, shared by every worker and emptied by any change to the archive.

Every public page is a function of the archive's records, the URL and the host it was asked on, so
one *edition* token names the state of the archive: a page is kept under (edition, host, URL), and
any write to a table a page reads (whatever writes it: the admin, an import, a merge, a bulk
command, raw SQL) moves the edition on once its transaction commits. Pages kept under an older
edition are never read again and fall out of the cache as it culls. A page is also kept under its
day, so that a document whose embargo lifts at midnight shows on every page from then on.

The middleware stands right after WhiteNoise, so a page found in the cache costs a URL match and
two cache reads (the edition, the page): no session, no view, no database. Only anonymous GETs of
the archive's own pages (the `archive` URL namespace) that answer 200 without setting a cookie are
kept.
"""

from __future__ import annotations

import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import parse_http_date_safe

from archive.models.documents import today

CACHE = "pages"
EDITION_KEY = "edition"
# Tables whose rows no reading page shows: writing them leaves the edition alone.
PRIVATE_MODELS = {"stagedfile"}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def seconds() -> int:
    """How long a page is kept (0: the cache is off)."""
    return settings.PLENUM_PAGE_CACHE_SECONDS


def edition() -> str:
    """The current edition token (a new one when none is known: the cache was emptied)."""
    cache = caches[CACHE]
    token = cache.get(EDITION_KEY)
    if token is None:
        cache.add(EDITION_KEY, secrets.token_hex(8), None)
        token = cache.get(EDITION_KEY)
    return token


def new_edition() -> None:
    """Move the edition on: every page kept so far is out of date."""
    caches[CACHE].set(EDITION_KEY, secrets.token_hex(8), None)


def page_key(request, token: str) -> str:
    """The key of a page: the edition, the day (an embargo lifts when a day begins, with no write to
    move the edition, so no page outlives its day), and the address."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{token}:{today().isoformat()}:{hashlib.sha256(address.encode()).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        cache = caches[CACHE]
        key = page_key(request, edition())
        kept = cache.get(key)
        if kept is not None:
            return self._answer(request, kept)
        response = self.get_response(request)
        if self._cacheable_response(response):
            cache.set(key, response, seconds())
        return response

    def _cacheable_request(self, request) -> bool:
        if not seconds() or request.method != "GET" or request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return False
        try:
            return resolve(request.path_info).namespace == "archive"
        except Resolver404:
            return False

    @staticmethod
    def _cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not has_vary_header(response, "Cookie")
        )

    @staticmethod
    def _answer(request, response):
        """The kept page, or 304 when the reader's copy is still current."""
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )


def _public_tables() -> tuple[str, ...]:
    tables = [
        model._meta.db_table
        for model in apps.get_app_config("archive").get_models(include_auto_created=True)
        if model._meta.model_name not in PRIVATE_MODELS
    ]
    return (*tables, "archive_search")  # the full-text index, which no model describes


def watch_writes(sender, connection, **kwargs) -> None:
    """connection_created receiver: any write to a public table moves the edition on at commit."""
    tables = _public_tables()

    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip()[:7].upper().startswith(WRITES) and any(table in sql for table in tables):
            if not connection.in_atomic_block:
                new_edition()
            elif not any(func is new_edition for _, func, _ in connection.run_on_commit):
                transaction.on_commit(new_edition, using=connection.alias)  # once per transaction
        return result

    connection.execute_wrappers.append(watch)
