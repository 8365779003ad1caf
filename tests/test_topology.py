"""The settings of several app servers: PAGE_CACHE_URL and DATABASE_REPLICA_URL, read without a server."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive.topology import page_cache, prepared_statements, replica_database

from .test_deployment import settings_in

SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "plenum.sqlite3"}
POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "plenum"}


def test_without_a_url_pages_are_kept_in_files_under_the_var_folder():
    config = page_cache("", Path("/srv/plenum/var"), 600)
    assert config["BACKEND"] == "archive.filecache.ShardedFileCache"
    assert config["LOCATION"] == Path("/srv/plenum/var/cache/pages")
    assert config["TIMEOUT"] == 600


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        (" redis://cache.internal/2 ", "redis://cache.internal/2"),
        ("rediss://:secret@cache.internal:6380/1", "rediss://:secret@cache.internal:6380/1"),
        ("unix:///run/redis/redis.sock?db=3", "unix:///run/redis/redis.sock?db=3"),
        ("redis://10.0.0.5:6379/0,redis://10.0.0.6:6379/0", ["redis://10.0.0.5:6379/0", "redis://10.0.0.6:6379/0"]),
    ],
)
def test_a_redis_url_keeps_pages_in_redis(url, location):
    config = page_cache(url, Path("var"), 86400)
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == location
    assert config["TIMEOUT"] == 86400
    assert config["OPTIONS"]["socket_timeout"] > 0  # a reader never waits long on a cache that is gone


def test_a_file_url_names_the_folder():
    config = page_cache("file:///mnt/shared/pages", Path("var"), 0)
    assert config["LOCATION"] == Path("/mnt/shared/pages")
    assert config["TIMEOUT"] is None


@pytest.mark.parametrize(
    "url",
    ["memcached://127.0.0.1:11211", "redis://127.0.0.1:port/0", "redis:///0", "redis://127.0.0.1:6379/zero",
     "file://relative/folder", "127.0.0.1:6379", "redis://a:6379/0,memcached://b"],
)  # fmt: skip
def test_a_url_that_is_not_understood_is_refused_by_name(url):
    with pytest.raises(ImproperlyConfigured, match="PAGE_CACHE_URL") as refused:
        page_cache(url, Path("var"), 600)
    assert url.strip() in str(refused.value)


def test_no_replica_without_a_url():
    assert replica_database("", SQLITE, 60) is None
    assert replica_database("  ", POSTGRES, 60) is None


def test_a_replica_url_makes_a_replica_that_stands_for_the_primary_in_tests():
    replica = replica_database("postgres://reader:pw@10.0.0.3:5433/plenum", POSTGRES, 30)
    where = (replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"])
    assert where == ("10.0.0.3", 5433, "reader", "plenum")
    assert replica["CONN_MAX_AGE"] == 30
    assert replica["OPTIONS"]["connect_timeout"] > 0
    assert replica["TEST"] == {"MIRROR": "default"}


def test_a_replica_prepares_statements_as_the_primary_does():
    primary = {**POSTGRES, "OPTIONS": prepared_statements(True)}
    replica = replica_database("postgres://reader@10.0.0.3/plenum", primary, 30)
    assert replica["OPTIONS"]["server_side_binding"] is True and replica["OPTIONS"]["prepare_threshold"] > 0
    unprepared = replica_database("postgres://reader@10.0.0.3/plenum", POSTGRES, 30)
    assert "server_side_binding" not in unprepared["OPTIONS"] and "prepare_threshold" not in unprepared["OPTIONS"]


@pytest.mark.parametrize(("flag", "prepared"), [(None, True), ("off", False), ("0", False), ("on", True)])
def test_postgresql_connections_prepare_statements_unless_told_not_to(tmp_path, flag, prepared):
    env = {"DATABASE_URL": "postgres://plenum@127.0.0.1:5999/plenum"}
    if flag is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = flag
    options = settings_in(tmp_path, env, "DATABASES")["DATABASES"]["default"].get("OPTIONS", {})
    assert options == (prepared_statements(True) if prepared else {})
    sqlite = settings_in(tmp_path, {"DATABASE_URL": f"sqlite:///{tmp_path}/plenum.sqlite3"}, "DATABASES")
    assert "prepare_threshold" not in sqlite["DATABASES"]["default"]["OPTIONS"]


def test_a_replica_of_another_kind_of_database_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL must name the same kind"):
        replica_database("sqlite:////srv/replica.sqlite3", POSTGRES, 60)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL"):
        replica_database("nosuchdb://host/x", POSTGRES, 60)


def test_the_settings_read_both_urls(tmp_path):
    env = {"PAGE_CACHE_URL": "redis://127.0.0.1:6390/4", "DATABASE_URL": f"sqlite:///{tmp_path}/plenum.sqlite3"}
    env["DATABASE_REPLICA_URL"] = "sqlite:////tmp/replica.sqlite3"
    found = settings_in(tmp_path, env, "CACHES", "DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE")
    assert found["CACHES"]["pages"]["LOCATION"] == "redis://127.0.0.1:6390/4"
    assert found["DATABASES"]["replica"]["NAME"] == "/tmp/replica.sqlite3"
    assert found["DATABASE_ROUTERS"] == ["archive.dbrouter.ReplicaRouter"]
    middleware = found["MIDDLEWARE"]
    assert middleware.index("archive.dbrouter.ReplicaMiddleware") + 1 == middleware.index(
        "archive.pagecache.PageCacheMiddleware"
    )


def test_without_them_the_settings_are_as_on_one_machine(tmp_path):
    found = settings_in(tmp_path, {}, "CACHES", "DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE")
    assert found["CACHES"]["pages"]["BACKEND"] == "archive.filecache.ShardedFileCache"
    assert list(found["DATABASES"]) == ["default"]
    assert found["DATABASE_ROUTERS"] == []
    assert "archive.dbrouter.ReplicaMiddleware" not in found["MIDDLEWARE"]


def test_a_bad_page_cache_url_stops_the_server_with_its_name(tmp_path):
    from .test_deployment import run

    result = run(tmp_path, {"PAGE_CACHE_URL": "memcached://127.0.0.1"}, "manage.py", "check")
    assert result.returncode != 0
    assert "PAGE_CACHE_URL must be" in result.stderr and "memcached://127.0.0.1" in result.stderr
