"""A cache of the rendered reading pages, shared by every worker; a write moves on only the pages it changes.

Every public page is a function of the archive's records, the URL and the host it was asked on. The
archive's state is named by a few *generations*, each a token moved on when something it covers
changes: one per document record (its page and citations), one per entity (its page, card and
feed), one for every list (home, lists, search, facets, browse, timeline, feeds, sitemaps), one for
all documents' pages, one for all entities' pages, and one for everything. A page is kept under the
tokens of the generations it reads, its day (an embargo lifts when a day begins, with no write, so
no page outlives its day) and its address; moving a generation on leaves the pages kept under its
old token unread, to be culled.

Writes are watched on the connection (archive/pagewrites.py decides which generations a committed
transaction moves on; a rolled-back one moves none). The middleware stands right after WhiteNoise,
so a page found in the cache costs a URL match and two cache reads (the tokens, the page): no
session, no view, no database. Only anonymous GETs of the archive's own pages (the `archive` URL
namespace) that answer 200 without setting a cookie are kept.
"""

from __future__ import annotations

import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import parse_http_date_safe

from archive.models.documents import today

CACHE = "pages"
EVERYTHING = "everything"
LISTS = "lists"
DOCUMENTS = "documents"
ENTITIES = "entities"
# The pages of one document, and of one entity; every other archive page is a list.
DOCUMENT_PAGES = {"document", "document-variant", "cite-bib", "cite-ris", "cite-json"}
ENTITY_PAGES = {"entity", "entity-variant", "entity-feed", "entity-card"}
# Tables whose rows no reading page shows: writing them leaves the edition alone.
PRIVATE_MODELS = {"stagedfile"}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def seconds() -> int:
    """How long a page is kept (0: the cache is off)."""
    return settings.PLENUM_PAGE_CACHE_SECONDS


def document_generation(record: int) -> str:
    return f"document:{record}"


def entity_generation(pk: int) -> str:
    return f"entity:{pk}"


def generations_of(match) -> list[str]:
    """The generations the page match resolved to reads."""
    if match.url_name in DOCUMENT_PAGES:
        return [EVERYTHING, DOCUMENTS, document_generation(match.kwargs["record"])]
    if match.url_name in ENTITY_PAGES:
        return [EVERYTHING, ENTITIES, entity_generation(match.kwargs["pk"])]
    return [EVERYTHING, LISTS]


def tokens(generations: list[str]) -> list[str]:
    """The current token of each generation (a new one for a generation not known: never moved on,
    or culled)."""
    cache = caches[CACHE]
    keys = [f"generation:{name}" for name in generations]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), None)
            found[key] = cache.get(key) or secrets.token_hex(8)  # culled at once: a page kept for no one
    return [found[key] for key in keys]


def edition() -> str:
    """The token of the generation every page reads."""
    return tokens([EVERYTHING])[0]


def bump(generations) -> None:
    """Move generations on: the pages kept under their tokens are out of date."""
    if generations:
        caches[CACHE].set_many({f"generation:{name}": secrets.token_hex(8) for name in generations}, None)


def new_edition() -> None:
    """Move every generation on."""
    bump({EVERYTHING})


def page_key(request, match=None) -> str:
    """The key of a page: the tokens of the generations it reads, the day, and the address."""
    match = match or resolve(request.path_info)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    state = ":".join(tokens(generations_of(match)))
    return f"page:{hashlib.sha256(f'{state} {address}'.encode()).hexdigest()}:{today().isoformat()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = self._cacheable_match(request)
        if match is None:
            return self.get_response(request)
        cache = caches[CACHE]
        key = page_key(request, match)
        kept = cache.get(key)
        if kept is not None:
            return self._answer(request, kept)
        response = self.get_response(request)
        if self._cacheable_response(response):
            cache.set(key, response, seconds())
        return response

    def _cacheable_match(self, request):
        """The URL match of a request whose page may be kept (None for any other)."""
        if not seconds() or request.method != "GET" or request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match if match.namespace == "archive" else None

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


def _public_tables() -> frozenset[str]:
    tables = [
        model._meta.db_table
        for model in apps.get_app_config("archive").get_models(include_auto_created=True)
        if model._meta.model_name not in PRIVATE_MODELS
    ]
    return frozenset((*tables, "archive_search"))  # the full-text index, which no model describes


def watch_writes(sender, connection, **kwargs) -> None:
    """connection_created receiver: every statement is shown to pagewrites, which notes the writes to
    public tables and moves generations on at commit."""
    from archive import pagewrites

    pagewrites.connect()
    tables = _public_tables()

    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        pagewrites.watch(connection, sql, tables)
        return result

    connection.execute_wrappers.append(watch)
