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
transaction moves on; a rolled-back one moves none). A transaction that only adds records (new
documents, imported or typed in) moves the lists, and the pages of the entities the new records name, on
*within* ADDITIONS_SHOWN_WITHIN seconds rather than at once: the first such addition to a generation notes
when it came, and the first request for one of its pages after that many seconds moves it on. An import of
thousands of files thus leaves the lists, searches and the pages of much-named entities cached between
those moves instead of rendering every one afresh for each file; the new records' own pages are moved on
at once, and anything that changes or hides a record moves its generations on at once too.

The middleware stands right after WhiteNoise, so a page found in the cache costs a URL match and two
cache reads (the tokens, the page): no session, no view, no database. Only anonymous GETs of the
archive's own pages (the `archive` URL namespace) that answer 200 without setting a cookie are kept.

The cache is the file cache under PLENUM_VAR_DIR, shared by one machine's workers, or a Redis server
shared by several machines (PAGE_CACHE_URL, archive/topology.py): pages and generations live in the
same cache, so a write on one server moves the pages on for all. When the cache cannot be reached, pages
are rendered without it. A page rendered from the read replica (archive/dbrouter.py) soon after a
change to what it shows is served but not kept: the replica may not have replayed the change yet.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import parse_http_date_safe
from redis.exceptions import RedisError

from archive import dbrouter
from archive.models.documents import today

CACHE = "pages"
ADDITIONS_SHOWN_WITHIN = 10  # seconds: how long a list may lack a record just added (see above)
RENDERING_SECONDS = 2  # how long a request waits for the page another request is rendering
RENDERING_POLL = 0.01  # seconds between looks for it
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
# What an unreachable cache raises: a file cache's folder, a Redis server.
CACHE_ERRORS = (OSError, RedisError)
logger = logging.getLogger(__name__)


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


def new_token() -> str:
    """A generation's token: when it was made, and a random part."""
    return f"{time.time():.3f}-{secrets.token_hex(8)}"


def made_at(token: str) -> float:
    """When a token was made (0 for a token without its time)."""
    try:
        return float(token.split("-", 1)[0])
    except ValueError:
        return 0.0


def deferrable(generation: str) -> bool:
    """Whether an addition may reach generation's pages within ADDITIONS_SHOWN_WITHIN rather than at once:
    the lists, and an entity's pages (which list the documents that name it)."""
    return generation == LISTS or generation.startswith("entity:")


def added_key(generation: str) -> str:
    """Where the time of the first addition generation's pages do not show yet is kept."""
    return f"added:{generation}"


def tokens(generations: list[str]) -> list[str]:
    """The current token of each generation (a new one for a generation not known: never moved on,
    or culled). A deferrable generation is first moved on when an addition has waited its time."""
    cache = caches[CACHE]
    keys = [f"generation:{name}" for name in generations]
    waiting = [added_key(name) for name in generations if deferrable(name)]
    found = cache.get_many([*keys, *waiting])
    now = time.time()
    for name in generations:
        added = found.pop(added_key(name), None) if deferrable(name) else None
        if added is not None and now - added >= ADDITIONS_SHOWN_WITHIN:
            cache.delete(added_key(name))
            found[f"generation:{name}"] = token = new_token()
            cache.set(f"generation:{name}", token, None)
    for key in keys:
        if key not in found:
            cache.add(key, new_token(), None)
            found[key] = cache.get(key) or new_token()  # culled at once: a page kept for no one
    return [found[key] for key in keys]


def edition() -> str:
    """The token of the generation every page reads."""
    return tokens([EVERYTHING])[0]


def bump(generations, *, additions_only: bool = False) -> None:
    """Move generations on: the pages kept under their tokens are out of date. additions_only: the
    write only added records, so the lists and entities' pages may show them within
    ADDITIONS_SHOWN_WITHIN seconds."""
    if not generations:
        return
    generations = set(generations)
    try:
        cache = caches[CACHE]
        if additions_only and EVERYTHING not in generations:
            deferred = {name for name in generations if deferrable(name)}
            generations -= deferred
            for name in deferred:
                cache.add(added_key(name), time.time(), None)  # the first addition waiting keeps its time
        else:
            # These move on now, with any addition waiting for them.
            moved = {LISTS, *generations} if EVERYTHING in generations else generations
            cache.delete_many([added_key(name) for name in moved if deferrable(name)])
        if generations:
            cache.set_many({f"generation:{name}": new_token() for name in generations}, None)
    except CACHE_ERRORS as error:
        # The write is committed; pages kept in a cache that was out of reach may be out of date.
        logger.error("The page cache could not be told of a write (%s): empty it once it is back.", error)


def new_edition() -> None:
    """Move every generation on."""
    bump({EVERYTHING})


def rendering_key(key: str) -> str:
    """Held while a request renders the page kept under key."""
    return f"rendering:{key}"


def page_key(request, match=None, state: list[str] | None = None) -> str:
    """The key of a page: the tokens of the generations it reads (state), the day, and the address."""
    match = match or resolve(request.path_info)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    state = ":".join(state if state is not None else tokens(generations_of(match)))
    return f"page:{hashlib.sha256(f'{state} {address}'.encode()).hexdigest()}:{today().isoformat()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = self._cacheable_match(request)
        if match is None:
            return self.get_response(request)
        cache = caches[CACHE]
        claimed = False
        try:
            state = tokens(generations_of(match))
            key = page_key(request, match, state)
            kept = cache.get(key)
            claimed = kept is None and self._claim(cache, key)
            if kept is None and not claimed:
                kept = self._rendered_by_another(cache, key)
        except CACHE_ERRORS as error:
            logger.warning("The page cache cannot be read (%s); rendering %s.", error, request.path)
            return self.get_response(request)
        if kept is not None:
            return self._answer(request, kept)
        try:
            response = self.get_response(request)
            if self._cacheable_response(response) and not self._maybe_behind(state):
                self._keep(cache, key, response)
        finally:
            if claimed:  # after the page is kept: a request waiting for it finds one or the other
                with contextlib.suppress(*CACHE_ERRORS):
                    cache.delete(rendering_key(key))
        return response

    @staticmethod
    def _keep(cache, key: str, response) -> None:
        try:
            cache.set(key, response, seconds())
        except CACHE_ERRORS as error:
            logger.warning("The page cache cannot be written (%s).", error)

    @staticmethod
    def _claim(cache, key: str) -> bool:
        """Whether this request renders the page: no other is rendering it (one rendering at a time, so a
        page that many readers ask for as it moves on is not rendered by each of them at once)."""
        return cache.add(rendering_key(key), 1, RENDERING_SECONDS)

    @staticmethod
    def _rendered_by_another(cache, key: str):
        """The page another request is rendering, once kept; None if it is not kept within RENDERING_SECONDS
        (a page not kept, or a rendering that failed): this request renders it then."""
        deadline = time.monotonic() + RENDERING_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RENDERING_POLL)
            kept = cache.get(key)
            if kept is not None:
                return kept
            if not cache.has_key(rendering_key(key)):
                return None
        return None

    @staticmethod
    def _maybe_behind(state: list[str]) -> bool:
        """Whether the page was rendered from the replica so soon after a change to what it shows that the
        replica may not have replayed it."""
        if not dbrouter.replica_read():
            return False
        return time.time() - max(made_at(token) for token in state) < dbrouter.lag_seconds()

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
