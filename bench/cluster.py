"""Throwaway servers on loopback for the scenarios of several machines (replica.py, failover.py, shared_cache.py).

PostgreSQL (a primary, and a hot standby copied from it with pg_basebackup), Redis and HAProxy, each in
a temporary folder on a free port, stopped and removed on exit; the system packages they need are
installed with apt-get when missing. `Readers` is the load client: threads on keep-alive connections
that note each request's start, time and outcome. Each scenario keeps its raw figures in var/bench/.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import http.cookiejar
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "var" / "bench"
HOST = "127.0.0.1"
# Packages from Debian, by the command each gives.
PACKAGES = {"redis-server": "redis-server", "haproxy": "haproxy", "pg_basebackup": "postgresql"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def ensure_packages(*commands: str) -> None:
    """Installs from Debian's packages what gives the commands, when missing (root or sudo needed)."""
    missing = [PACKAGES[command] for command in commands if not _which(command)]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"Installing from Debian's packages: {' '.join(missing)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env, stdout=subprocess.DEVNULL)


def _which(command: str) -> str | None:
    if command == "pg_basebackup":
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"))
        return found[-1] if found else None
    return shutil.which(command) or (f"/usr/sbin/{command}" if Path(f"/usr/sbin/{command}").exists() else None)


def manage(env: dict, *arguments: str) -> str:
    completed = subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"manage.py {arguments[0]} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


def base_env(var_dir: Path, **settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAGE_CACHE", "DATABASE_", "REPLICA_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "archive.settings", "DEBUG": "0", "ALLOWED_HOSTS": HOST})
    env.update({"PYTHONPATH": str(ROOT), "PLENUM_VAR_DIR": str(var_dir), **settings})
    return env


def build_archive(env: dict, documents: int, seed: int = 1956) -> None:
    """migrate, a generated archive of `documents` records, a curator, and the static files."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_corpus", "--documents", str(documents), "--seed", str(seed))
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": CURATOR[1]}, "createsuperuser", "--noinput", "--username", CURATOR[0],
           "--email", "curator@example.org")  # fmt: skip
    manage(env, "collectstatic", "--noinput", "-v0")


CURATOR = ("curator", "bench-curator-passphrase-7731")
SEGMENTS = {kind: f"{kind}s" for kind in ("person", "organization", "place", "event", "topic")}
LIST_PAGES = ["/", "/documents/", "/documents/?type=report", "/documents/?page=2", "/collections/", "/persons/",
              "/places/", "/events/timeline/", "/browse/dates/", "/organizations/", "/topics/"]  # fmt: skip
SEARCH_WORDS = ["fertilizer", "railway", "grain", "embassy", "cooperatives", "plenum", "coal", "steel"]
MIX = {"document": 0.55, "entity": 0.25, "list": 0.10, "search": 0.10}
PUBLIC_RECORDS = """
import json, django; django.setup()
from archive.models import Document, Entity
records = sorted(Document.objects.published().values_list("record", flat=True))
entities = sorted(Entity.objects.filter(mentions__document__in=Document.objects.published(), merged_into=None)
                  .values_list("pk", "kind").distinct())
print(json.dumps({"records": records, "entities": entities}))
"""


def draw_urls(env: dict, seed: int, size: int = 100_000) -> list[str]:
    """size URLs drawn with seed: each kind's pool ranked at random, then drawn with weight 1/rank^1.1 (Zipf)."""
    found = json.loads(subprocess.run([PYTHON, "-c", PUBLIC_RECORDS], cwd=ROOT, env=env, capture_output=True,
                                      text=True, check=True).stdout)  # fmt: skip
    rng = random.Random(seed)
    pools = {
        "document": [f"/documents/{record}/" for record in found["records"]],
        "entity": [f"/{SEGMENTS[kind]}/{pk}/" for pk, kind in found["entities"]],
        "list": list(LIST_PAGES),
        "search": [f"/search/?q={word}" for word in SEARCH_WORDS],
    }
    urls = []
    for name, pool in pools.items():
        rng.shuffle(pool)
        weights = [1 / (rank**1.1) for rank in range(1, len(pool) + 1)]
        urls += rng.choices(pool, weights=weights, k=int(size * MIX[name]) + 1)
    rng.shuffle(urls)
    return urls[:size]


# The load --------------------------------------------------------------------------------------------------


@dataclass
class Sample:
    at: float  # seconds since the load began
    ms: float
    outcome: str  # the status code, or the name of the error

    @property
    def failed(self) -> bool:
        return not self.outcome.isdigit() or int(self.outcome) >= 500


@dataclass
class Readers:
    """`threads` readers on keep-alive connections to port, each going through its share of urls in turn."""

    port: int
    urls: list[str]
    threads: int = 16
    samples: list[Sample] = field(default_factory=list)

    def run(self, seconds: float, events: dict[float, callable] | None = None) -> list[Sample]:
        """Reads for seconds; each event runs (in this thread) once its second since the start has come."""
        began = time.monotonic()
        deadline = began + seconds
        found: list[list[Sample]] = [[] for _ in range(self.threads)]

        def reader(n: int) -> None:
            mine, i, connection = self.urls[n :: self.threads], 0, None
            while time.monotonic() < deadline:
                url = mine[i % len(mine)]
                i += 1
                started = time.monotonic()
                try:
                    connection = connection or http.client.HTTPConnection(HOST, self.port, timeout=30)
                    connection.request("GET", url)
                    response = connection.getresponse()
                    response.read()
                    outcome = str(response.status)
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                        connection = None
                except (OSError, http.client.HTTPException) as error:
                    outcome = type(error).__name__
                    with contextlib.suppress(Exception):
                        connection.close()
                    connection = None
                found[n].append(Sample(started - began, (time.monotonic() - started) * 1000, outcome))

        workers = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(self.threads)]
        for worker in workers:
            worker.start()
        for at, event in sorted((events or {}).items()):
            time.sleep(max(0.0, began + at - time.monotonic()))
            event()
        for worker in workers:
            worker.join()
        self.samples = sorted((sample for mine in found for sample in mine), key=lambda sample: sample.at)
        return self.samples


def summary(samples: list[Sample], start: float = 0.0, end: float = float("inf")) -> dict:
    """Requests begun in [start, end): how many, how many failed, p50/p99 of the answered ones, per second."""
    chosen = [sample for sample in samples if start <= sample.at < end]
    answered = sorted(sample.ms for sample in chosen if not sample.failed)
    span = (min(end, max((s.at for s in chosen), default=start)) - start) or 1.0
    cut = statistics.quantiles(answered, n=100) if len(answered) > 1 else [float("nan")] * 99
    return {
        "requests": len(chosen),
        "failed": sum(1 for sample in chosen if sample.failed),
        "p50": cut[49],
        "p99": cut[98],
        "rps": len(chosen) / span,
    }


def print_table(rows: dict[str, dict], first: str = "phase") -> None:
    print(f"\n| {first} | requests | failed | p50 ms | p99 ms | req/s |\n|---|---:|---:|---:|---:|---:|")
    for name, row in rows.items():
        print(
            f"| {name} | {row['requests']} | {row['failed']} | {row['p50']:.0f} | {row['p99']:.0f} | {row['rps']:.0f} |"
        )


def keep(name: str, figures: dict) -> Path:
    """Writes the raw figures to var/bench/NAME.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=1, default=_plain))
    return path


def _plain(value):
    if isinstance(value, Sample):
        return [round(value.at, 4), round(value.ms, 2), value.outcome]
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value))


def conditions() -> dict:
    """The machine's state: its cores and load, which the figures depend on."""
    return {"cores": os.cpu_count(), "load_average": os.getloadavg(), "when": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def kill_server(process: subprocess.Popen) -> None:
    """Kills a gunicorn server at once, its workers first (SIGKILL: no request in flight is finished)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    workers = [int(pid) for pid in children.read_text().split()] if children.exists() else []
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGKILL)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# Servers ---------------------------------------------------------------------------------------------------


class Folder:
    """A temporary folder, removed on exit."""

    def __init__(self, prefix: str):
        self.path = Path(tempfile.mkdtemp(prefix=prefix))

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class Redis:
    def __enter__(self):
        ensure_packages("redis-server")
        self.folder, self.port = Folder("plenum-redis."), free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        command = [_which("redis-server"), "--bind", HOST, "--port", str(self.port), "--dir", str(self.folder.path)]
        self.process = subprocess.Popen([*command, "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        wait_for_port(self.port)
        return self

    def command(self, *arguments: str) -> str:
        return subprocess.run(["redis-cli", "-u", self.url, *arguments], capture_output=True, text=True).stdout

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.folder.remove()


class HAProxy:
    """HAProxy on a free port in front of servers' ports: round robin, health checks every half second
    (a server is out after 2 failures), a GET whose connection failed or was closed unanswered tried again
    on the other server (unless retry is False)."""

    CONFIG = """global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option redispatch
{retry}    option http-keep-alive
frontend readers
    bind {host}:{port}
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /robots.txt
    default-server inter 500ms fall 2 rise 2
{servers}
"""

    def __init__(self, ports: list[int], *, retry: bool = True):
        self.ports, self.retry = ports, retry

    def __enter__(self):
        ensure_packages("haproxy")
        self.folder, self.port = Folder("plenum-haproxy."), free_port()
        servers = "\n".join(f"    server app{n} {HOST}:{port} check" for n, port in enumerate(self.ports, 1))
        config = self.folder.path / "haproxy.cfg"
        retry = "    retries 2\n    retry-on conn-failure empty-response\n" if self.retry else "    retries 0\n"
        config.write_text(self.CONFIG.format(host=HOST, port=self.port, servers=servers, retry=retry))
        self.log = open(self.folder.path / "haproxy.log", "w")  # closed in __exit__
        self.process = subprocess.Popen([_which("haproxy"), "-db", "-f", str(config)], stdout=self.log, stderr=self.log)
        wait_for_port(self.port)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        self.folder.remove()


class Postgres:
    """A throwaway PostgreSQL server (data directory in a temporary folder, a free loopback port), started on
    entry. `standby()` makes a hot standby of it with pg_basebackup, streaming its changes."""

    def __init__(self, data: Path | None = None, *, port: int | None = None):
        ensure_packages("pg_basebackup")
        self.bin = Path(_which("pg_basebackup")).parent
        self.owned = data is None
        self.folder = Folder("plenum-pg.") if data is None else None
        self.data = data or self.folder.path / "data"
        self.port = port or free_port()
        self.url = f"postgres://plenum@{HOST}:{self.port}/plenum"
        # The server refuses to run as root: it runs as the postgres user then.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command: str, **options) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_owner, *command], check=True, capture_output=True, text=True, **options)

    def __enter__(self):
        if self.owned:
            if self.as_owner:
                shutil.chown(self.folder.path, "postgres")
            self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "plenum", "--auth=trust", "--encoding=UTF8",
                     "--no-locale")  # fmt: skip
        self.start()
        if self.owned:
            self.run(str(self.bin / "createdb"), "-h", HOST, "-p", str(self.port), "-U", "plenum", "plenum")
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses={HOST} -c fsync=off -c full_page_writes=off"
        options += " -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on -c max_connections=100"
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", "-o",
                 options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def standby(self) -> Postgres:
        """A hot standby of this server, not yet started (enter it)."""
        replica = Postgres(self.folder.path / "standby")
        replica.folder = None
        self.run(str(self.bin / "pg_basebackup"), "-h", HOST, "-p", str(self.port), "-U", "plenum", "-D",
                 str(replica.data), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        return replica

    def query(self, sql: str) -> str:
        return self.run(str(self.bin / "psql"), "-h", HOST, "-p", str(self.port), "-U", "plenum", "-d", "plenum",
                        "-At", "-c", sql).stdout.strip()  # fmt: skip

    def __exit__(self, *exc):
        self.stop("immediate")
        if self.folder is not None:
            self.folder.remove()


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on {HOST}:{port}")


class Browser:
    """One visitor's cookies, on keep-alive-less requests to port (sign_in() makes it the curator)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(path, None)

    def post(self, path: str, data: dict) -> tuple[int, str]:
        csrf = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        return self._open(path, urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode())

    def _open(self, path: str, body: bytes | None) -> tuple[int, str]:
        try:
            with self.opener.open(f"http://{HOST}:{self.port}{path}", body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self) -> None:
        self.get("/admin/login/")
        status, page = self.post("/admin/login/?next=/admin/", {"username": CURATOR[0], "password": CURATOR[1]})
        if status != 200 or "Log out" not in page:
            raise RuntimeError("the curator could not sign in")

    def document_action(self, pk: int, action: str) -> None:
        chosen = {"action": action, "_selected_action": str(pk), "index": "0"}
        status, page = self.post("/admin/archive/document/", chosen)
        if status != 200 or "document(s)" not in page:
            raise RuntimeError(f"the admin action {action} failed ({status})")
