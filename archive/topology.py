"""Settings for several app servers, read from their URLs: the page cache they share and the replica they read.

Imports nothing from Django's app registry, so that settings.py can use it.

PAGE_CACHE_URL        where rendered pages and their generations are kept: empty (the default) for the
                      file cache under PLENUM_VAR_DIR, shared by the workers of one machine;
                      redis://HOST:PORT/DB (rediss:// for TLS, unix:///path.sock?db=N) for a Redis server
                      shared by several machines (a comma-separated list: the first is written, the
                      others are read); file:///folder for a file cache in another folder.
DATABASE_REPLICA_URL  a PostgreSQL hot standby that anonymous readers' queries go to (archive/dbrouter.py).
DATABASE_PREPARED_STATEMENTS  on (the default) or off: whether PostgreSQL connections prepare the statements they
                      run again (prepared_statements).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = ("redis", "rediss", "unix")
# Seconds a reader waits for Redis before the page is rendered without it.
REDIS_TIMEOUT = 2
FILE_CACHE_ENTRIES = 20000
# A statement is prepared when a connection runs it for the fifth time (psycopg's default).
PREPARE_THRESHOLD = 5
PREPARED_OPTIONS = ("server_side_binding", "prepare_threshold")


def page_cache(url: str, var_dir: Path, seconds: int) -> dict:
    """The CACHES entry of the page cache for PAGE_CACHE_URL (empty: the file cache in var_dir)."""
    url = url.strip()
    timeout = seconds or None
    if not url:
        return _file_cache(Path(var_dir) / "cache" / "pages", timeout)
    locations = [part.strip() for part in url.split(",")]
    schemes = {urlsplit(location).scheme for location in locations}
    if schemes <= set(REDIS_SCHEMES) and all(_redis_location_ok(location) for location in locations):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": locations if len(locations) > 1 else locations[0],
            "TIMEOUT": timeout,
            "KEY_PREFIX": "plenum",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    if schemes == {"file"} and len(locations) == 1:
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.netloc in ("", "localhost") and path.startswith("/"):
            return _file_cache(Path(path), timeout)
    raise ImproperlyConfigured(
        f"PAGE_CACHE_URL must be empty, redis://host:port/db (rediss://, unix://; several separated by commas) "
        f"or file:///absolute/folder, not '{url}'."
    )


def _redis_location_ok(location: str) -> bool:
    parts = urlsplit(location)
    if parts.scheme == "unix":
        return parts.path.startswith("/")
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return False
    database = parts.path.strip("/")
    return bool(parts.hostname) and (not database or database.isdigit())


def _file_cache(folder: Path, timeout: int | None) -> dict:
    return {
        "BACKEND": "archive.filecache.ShardedFileCache",
        "LOCATION": folder,
        "TIMEOUT": timeout,
        "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_ENTRIES},
    }


def prepared_statements(on: bool) -> dict:
    """The OPTIONS of a PostgreSQL connection that binds parameters on the server and prepares a statement it runs
    again (psycopg's automatic preparation): the reading pages ask the same few queries of every record, which are
    then parsed and planned once per connection rather than for each page. Off ({}: Django's default, parameters
    bound in the client, nothing prepared) behind a pooler that hands a connection to another client between
    transactions, where a prepared statement is not found again."""
    return {"server_side_binding": True, "prepare_threshold": PREPARE_THRESHOLD} if on else {}


def replica_database(url: str, primary: dict, conn_max_age: int) -> dict | None:
    """The DATABASES entry of the read replica for DATABASE_REPLICA_URL (None when it is empty).

    The replica must hold the primary's data, so it must be the same engine; in tests it stands for the
    primary's test database (a mirror), so that the router's choices can be tested on one database."""
    url = url.strip()
    if not url:
        return None
    try:
        replica = dj_database_url.parse(url, conn_max_age=conn_max_age)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL ('{url}'): {error}") from error
    if replica["ENGINE"] != primary["ENGINE"]:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL: "
            f"{replica['ENGINE'].rsplit('.', 1)[-1]} is not {primary['ENGINE'].rsplit('.', 1)[-1]}."
        )
    if replica["ENGINE"] == "django.db.backends.postgresql":
        # A replica that does not answer is given up on quickly (the primary answers instead).
        replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
        # Statements prepared as on the primary.
        options = primary.get("OPTIONS", {})
        replica["OPTIONS"].update({key: options[key] for key in PREPARED_OPTIONS if key in options})
    replica["TEST"] = {"MIRROR": "default"}
    return replica
