"""Reads from a PostgreSQL hot standby, writes to the primary (DATABASE_REPLICA_URL, docs/deploy.md).

Only the reads of a request that ReplicaMiddleware lets through go to the replica: an anonymous
reader's request with no sign of a recent write. Everything else reads the primary:

- a request with a session cookie (a signed-in curator sees what they saved at once);
- a request carrying the cookie a write leaves (any POST, PUT, PATCH or DELETE sets it for
  REPLICA_LAG_SECONDS), so that whoever wrote reads their write back whatever server answers;
- any read inside a transaction, and every read outside a request (management commands, imports,
  migrations, the page cache deciding what a write moved on), and every write;
- any read while the replica is marked down: it is marked down for REPLICA_RETRY_SECONDS when a
  connection to it fails, and a request whose reads failed on it is answered again from the primary.

A page rendered from the replica within REPLICA_LAG_SECONDS of a change to what it shows is served
but not kept in the page cache (archive/pagecache.py): the replica may not have replayed the change.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

REPLICA = "replica"
PRIMARY_COOKIE = "plenum_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
logger = logging.getLogger(__name__)


@dataclass
class Reading:
    """What the request being answered may read, and what it did read."""

    replica_allowed: bool
    replica_read: bool = False


_reading: contextvars.ContextVar[Reading | None] = contextvars.ContextVar("plenum_reading", default=None)
_down_until = 0.0  # time.monotonic() until which the replica is not tried (per process)


def configured() -> bool:
    return REPLICA in connections.settings


def lag_seconds() -> int:
    return settings.PLENUM_REPLICA_LAG_SECONDS


def replica_read() -> bool:
    """Whether the request being answered read the replica."""
    reading = _reading.get()
    return bool(reading and reading.replica_read)


@contextlib.contextmanager
def primary():
    """Every read inside the block goes to the primary."""
    token = _reading.set(Reading(replica_allowed=False))
    try:
        yield
    finally:
        _reading.reset(token)


def mark_down() -> None:
    """The replica failed: read the primary for REPLICA_RETRY_SECONDS."""
    global _down_until
    _down_until = time.monotonic() + settings.PLENUM_REPLICA_RETRY_SECONDS
    logger.warning("The read replica failed; reading the primary for %s s.", settings.PLENUM_REPLICA_RETRY_SECONDS)
    with contextlib.suppress(Exception):
        connections[REPLICA].close()


def is_down() -> bool:
    return time.monotonic() < _down_until


def _reachable() -> bool:
    """Whether the replica answers a connection (once per connection: an open one is taken to be up)."""
    try:
        connections[REPLICA].ensure_connection()
    except (OperationalError, InterfaceError):
        mark_down()
        return False
    return True


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        reading = _reading.get()
        if reading is None or not reading.replica_allowed or not configured():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or is_down() or not _reachable():
            return DEFAULT_DB_ALIAS
        reading.replica_read = True
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from one may be linked to one from the other.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The standby replays the primary's schema; nothing is migrated on it directly.
        return db != REPLICA


def may_read_replica(request) -> bool:
    """Whether request's reads may go to the replica: no session, no recent write of its own."""
    return (
        request.method in SAFE_METHODS
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.COOKIES.get(PRIMARY_COOKIE)
    )


class ReplicaMiddleware:
    """Opens each request's reading; a write leaves a cookie that keeps its sender on the primary for a while;
    a request whose reads failed on the replica is answered again from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading.set(Reading(replica_allowed=configured() and may_read_replica(request)))
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if request.method not in SAFE_METHODS and configured():
            response.set_cookie(PRIMARY_COOKIE, "1", max_age=lag_seconds(), httponly=True, samesite="Lax")
        return response

    def process_exception(self, request, exception):
        reading = _reading.get()
        if not (reading and reading.replica_read and isinstance(exception, (OperationalError, InterfaceError))):
            return None
        mark_down()
        reading.replica_allowed, reading.replica_read = False, False
        return self.get_response(request)
