"""Reads to the replica, writes to the primary, and whoever wrote reading their write back.

The replica is configured as a second connection to the test database (SQLite or PostgreSQL, whichever
the tests run on), as DATABASE_REPLICA_URL's TEST mirror does; a replica that is down is one whose
address answers nothing.
"""

import copy
import socket

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from archive import dbrouter
from archive.models import Document

from .conftest import annotated, import_text

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def unreachable(config: dict) -> dict:
    config = copy.deepcopy(config)
    if config["ENGINE"].endswith("sqlite3"):
        config["NAME"] = "/nonexistent-folder/replica.sqlite3"
    else:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            config["HOST"], config["PORT"] = "127.0.0.1", probe.getsockname()[1]
    return config


def replica_config(*, reachable: bool = True) -> dict:
    config = copy.deepcopy(connections["default"].settings_dict)
    config["TEST"] = {**config.get("TEST", {}), "MIRROR": "default"}
    return config if reachable else unreachable(config)


def set_replica(config: dict | None) -> None:
    if dbrouter.REPLICA in connections.settings:
        connections[dbrouter.REPLICA].close()
        del connections[dbrouter.REPLICA]
        del connections.settings[dbrouter.REPLICA]
    if config is not None:
        connections.settings[dbrouter.REPLICA] = config


@pytest.fixture(scope="module", autouse=True)
def _replica_database(django_db_setup, django_db_blocker):
    """The replica, known before each test's databases are opened (a mirror: never flushed on its own)."""
    with django_db_blocker.unblock():
        set_replica(replica_config())
    yield
    set_replica(None)


@pytest.fixture
def replica(settings, monkeypatch):
    """The router and the middleware on; the replica reachable unless told otherwise."""
    monkeypatch.setattr(dbrouter, "_down_until", 0.0)
    settings.DATABASE_ROUTERS = ["archive.dbrouter.ReplicaRouter"]
    settings.MIDDLEWARE = ["archive.dbrouter.ReplicaMiddleware", *settings.MIDDLEWARE]
    settings.PLENUM_REPLICA_LAG_SECONDS = 10
    settings.PLENUM_REPLICA_RETRY_SECONDS = 5

    def configure(*, reachable: bool = True) -> None:
        set_replica(replica_config(reachable=reachable))

    yield configure
    set_replica(replica_config())


def read_in_request(request) -> str:
    """The database a model read goes to inside request."""
    chosen = []

    def view(request):
        chosen.append(router.db_for_read(Document))
        return HttpResponse("")

    dbrouter.ReplicaMiddleware(view)(request)
    return chosen[0]


factory = RequestFactory()


def with_cookie(name: str):
    request = factory.get("/documents/")
    request.COOKIES[name] = "x"
    return request


@pytest.mark.parametrize(
    ("request_", "database"),
    [
        (factory.get("/documents/"), "replica"),
        (factory.head("/documents/"), "replica"),
        (with_cookie("sessionid"), "default"),
        (with_cookie(dbrouter.PRIMARY_COOKIE), "default"),
        (factory.post("/admin/login/"), "default"),
    ],
    ids=["anonymous GET", "anonymous HEAD", "signed in", "wrote a moment ago", "POST"],
)
def test_which_database_a_request_reads(replica, request_, database):
    assert read_in_request(request_) == database


def test_without_a_replica_every_read_goes_to_the_primary(settings):
    settings.DATABASE_ROUTERS = ["archive.dbrouter.ReplicaRouter"]
    set_replica(None)
    try:
        assert read_in_request(factory.get("/documents/")) == "default"
    finally:
        set_replica(replica_config())


def test_reads_outside_a_request_and_inside_a_transaction_go_to_the_primary(replica):
    assert router.db_for_read(Document) == "default"  # a command, an import, a migration

    def view(request):
        with transaction.atomic():
            inside = router.db_for_read(Document)
        return HttpResponse(f"{inside} {router.db_for_read(Document)}")

    assert dbrouter.ReplicaMiddleware(view)(factory.get("/")).content == b"default replica"


def test_writes_and_migrations_go_to_the_primary(replica):
    assert router.db_for_write(Document) == "default"
    assert router.allow_migrate("default", "archive")
    assert not router.allow_migrate("replica", "archive")


def test_a_write_keeps_its_sender_on_the_primary_for_a_while(replica, client):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    cookie = response.cookies[dbrouter.PRIMARY_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/documents/").status_code == 200
    assert not on_replica.captured_queries


def test_an_anonymous_reader_reads_the_replica_and_a_curator_the_primary(replica, client):
    import_text(annotated("A plenum met.", record=7, title="Plenum decision"))
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert b"Plenum decision" in client.get("/documents/7/").content
    assert on_replica.captured_queries
    client.force_login(User.objects.create_superuser("curator", "c@example.org", "pw-curator-5521"))
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert b"Plenum decision" in client.get("/documents/7/").content
    assert not on_replica.captured_queries


def test_a_replica_that_is_down_is_left_alone_for_a_few_seconds(replica, monkeypatch):
    replica(reachable=False)
    now = [1000.0]
    monkeypatch.setattr(dbrouter.time, "monotonic", lambda: now[0])
    assert read_in_request(factory.get("/")) == "default"
    replica(reachable=True)  # back, but not tried again at once
    now[0] += 4
    assert read_in_request(factory.get("/")) == "default"
    now[0] += 2
    assert read_in_request(factory.get("/")) == "replica"


def test_a_request_whose_reads_fail_on_the_replica_is_answered_from_the_primary(replica, client):
    import_text(annotated("A plenum met.", record=7, title="Plenum decision"))
    failures = []

    def gone(execute, sql, params, many, context):
        failures.append(sql)
        raise OperationalError("server closed the connection unexpectedly")

    connections["replica"].ensure_connection()
    with connections["replica"].execute_wrapper(gone):
        response = client.get("/documents/7/")
    assert failures  # it was tried
    assert response.status_code == 200 and b"Plenum decision" in response.content
    assert dbrouter.is_down()
    assert read_in_request(factory.get("/")) == "default"


def test_a_page_read_from_the_replica_soon_after_a_change_is_not_kept(replica, client, settings):
    settings.PLENUM_PAGE_CACHE_SECONDS = 600
    import_text(annotated("A plenum met.", record=7, title="Plenum decision"))
    client.get("/documents/7/")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        client.get("/documents/7/")
    assert on_replica.captured_queries  # rendered again: the first was not kept
    settings.PLENUM_REPLICA_LAG_SECONDS = 0
    client.get("/documents/7/")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert b"Plenum decision" in client.get("/documents/7/").content
    assert not on_replica.captured_queries  # kept once the replica has had time


def test_a_readers_search_reads_the_index_on_the_replica_and_an_import_writes_it_on_the_primary(replica, client):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        import_text(annotated("A plenum met in Pyongyang.", record=7, title="Plenum decision"))
    assert not on_replica.captured_queries
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/search/?q=pyongyang")
    assert b"Plenum decision" in response.content
    index_reads = [q["sql"] for q in on_replica.captured_queries if "archive_search" in q["sql"]]
    assert index_reads  # the count, the ranking and the snippets' rows
    with CaptureQueriesContext(connections["default"]) as on_primary:
        client.get("/search/?q=plenum")
    assert not [q for q in on_primary.captured_queries if "archive_search" in q["sql"]]
