"""The page cache shared by several app servers through Redis (PAGE_CACHE_URL).

Runs against the Redis server of scripts/with-redis (PAGE_CACHE_URL in the environment), or one started
here on a free loopback port; skipped when redis-server is not installed (scripts/install-test-packages
installs it). The servers are real: two gunicorn processes, each with its own folder, over one SQLite
database.
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import redis
from django.db import transaction

from archive import topology
from archive.models import Document

from .conftest import ROOT, annotated, import_text

TITLE = "Decision of the KWP CC Plenum"  # the first seed's title begins so
HOST = "localhost"
PASSWORD = "a-curator-passphrase-9431"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url():
    given = os.environ.get("PAGE_CACHE_URL", "")
    if given.startswith("redis://"):
        yield given
        return
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (scripts/install-test-packages installs it)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def shared_cache(settings, redis_url):
    """The test's pages kept in Redis, under a prefix of their own."""
    settings.PLENUM_PAGE_CACHE_SECONDS = 600
    config = topology.page_cache(redis_url, settings.BASE_DIR, 600)
    settings.CACHES = {**settings.CACHES, "pages": {**config, "KEY_PREFIX": secrets.token_hex(6)}}


@pytest.mark.django_db(transaction=True)
def test_pages_and_generations_are_kept_in_redis(client, shared_cache, django_assert_num_queries):
    import_text(annotated("A plenum met.", record=7, title="Plenum decision"))
    first = client.get("/documents/7/")
    with django_assert_num_queries(0):
        assert client.get("/documents/7/").content == first.content
    with transaction.atomic():
        Document.objects.filter(record=7).update(title="Plenum resolution")
    assert b"Plenum resolution" in client.get("/documents/7/").content


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_cache_leaves_pages_rendered_and_writes_done(client, settings, caplog):
    settings.PLENUM_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {**settings.CACHES, "pages": topology.page_cache(f"redis://127.0.0.1:{free_port()}/0", "", 600)}
    import_text(annotated("A plenum met.", record=7, title="Plenum decision"))
    assert "could not be told of a write" in caplog.text
    assert b"Plenum decision" in client.get("/documents/7/").content
    assert "cannot be read" in caplog.text


# Two servers ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive_file(tmp_path_factory):
    """A SQLite archive holding the seeds and a curator, made by the commands."""
    folder = tmp_path_factory.mktemp("shared-archive")
    env = server_env(folder, folder / "plenum.sqlite3", cache_url="")
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")  # the servers run with hashed static names, as deployed
    manage(env, "import_texts", "--status", "published", "-v0", str(ROOT / "fixtures"))
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}, "createsuperuser", "--noinput", "--username", "curator",
           "--email", "curator@example.org")  # fmt: skip
    return folder / "plenum.sqlite3"


def server_env(folder, database, cache_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PAGE_CACHE", "DATABASE_"))}
    env.update({"PLENUM_VAR_DIR": str(folder), "DATABASE_URL": f"sqlite:///{database}", "PAGE_CACHE_URL": cache_url})
    env.update({"PAGE_CACHE_SECONDS": "600", "CONN_MAX_AGE": "0"})
    return env


def manage(env: dict, *args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class Server:
    """One app server: gunicorn with one worker, its own folder (its own file cache when no URL is given)."""

    def __init__(self, folder, database, cache_url: str):
        folder.mkdir(exist_ok=True)
        self.env, self.folder = server_env(folder, database, cache_url), folder
        self.port = free_port()
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def __enter__(self):
        command = [sys.executable, "-m", "gunicorn", "archive.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        self.log = open(self.folder / "server.log", "w")  # closed in __exit__
        command += ["--workers", "1", "--no-control-socket"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stderr=self.log)
        for _ in range(200):
            try:
                self.get("/")
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start: {(self.folder / 'server.log').read_text()}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def request(self, path: str) -> urllib.request.Request:
        # The site's one public name, whichever server answers (as behind a load balancer).
        return urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Host": HOST})

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.request(path), timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        csrf = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode()
        with self.opener.open(self.request(path), body, timeout=30) as response:
            return response.status, response.read().decode()

    def sign_in(self) -> None:
        self.get("/admin/login/")
        status, page = self.post("/admin/login/?next=/admin/", {"username": "curator", "password": PASSWORD})
        assert status == 200 and "Log out" in page, "the curator could not sign in"


def retitle_behind_the_cache(database, title: str) -> None:
    """A change no server sees being made (the cache is not told)."""
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE archive_document SET title = ? WHERE record = 1", (title,))


@pytest.fixture
def two_servers(archive_file, tmp_path, redis_url):
    def start(cache_url: str):
        database = tmp_path / "plenum.sqlite3"
        shutil.copy(archive_file, database)
        return Server(tmp_path / "a", database, cache_url), Server(tmp_path / "b", database, cache_url), database

    redis.Redis.from_url(redis_url).flushdb()
    return start


def test_a_page_kept_by_one_server_is_served_by_the_other(two_servers, redis_url):
    first, second, database = two_servers(redis_url)
    with first, second:
        status, page = first.get("/documents/1/")
        assert status == 200 and TITLE in page
        retitle_behind_the_cache(database, "Retitled behind the cache")
        status, page = second.get("/documents/1/")
        assert status == 200 and TITLE in page and "Retitled behind the cache" not in page


def test_separate_file_caches_do_not_share_pages(two_servers):
    first, second, database = two_servers("")
    with first, second:
        assert TITLE in first.get("/documents/1/")[1]
        retitle_behind_the_cache(database, "Retitled behind the cache")
        assert "Retitled behind the cache" in second.get("/documents/1/")[1]
        assert TITLE in first.get("/documents/1/")[1]  # its own copy


def test_a_curators_write_on_one_server_moves_the_other_servers_pages_on(two_servers, redis_url):
    first, second, database = two_servers(redis_url)
    with sqlite3.connect(database) as connection:
        (pk,) = connection.execute("SELECT id FROM archive_document WHERE record = 1").fetchone()
    with first, second:
        assert second.get("/documents/1/")[0] == 200
        assert TITLE in second.get("/documents/")[1]
        first.sign_in()
        action = {"action": "return_to_draft", "_selected_action": str(pk), "index": "0"}
        status, page = first.post("/admin/archive/document/", action)
        assert status == 200 and re.search(r"1 document\(s\) set to draft", page)
        assert second.get("/documents/1/")[0] == 404
        assert TITLE not in second.get("/documents/")[1]
