"""A PostgreSQL server for the benchmark: its data under var/bench/postgres (kept, so the corpora built in it are
reused), on a free loopback port, pinned to the server's CPUs, stopped when the with block ends."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1] if found else None


class Postgres:
    def __init__(self, data: Path, cpus: str | None):
        self.bin, self.data, self.cpus = binaries(), data, cpus
        if self.bin is None:
            raise RuntimeError("PostgreSQL server not found: run scripts/install-test-packages")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        # The server refuses to run as root.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def __enter__(self):
        if not (self.data / "PG_VERSION").exists():
            shutil.rmtree(self.data, ignore_errors=True)
            self.data.mkdir(parents=True)
            if self.as_owner:
                shutil.chown(self.data, "postgres", "postgres")
            self._run("initdb", "-D", str(self.data), "-U", "plenum", "--auth=trust", "--encoding=UTF8", "--no-locale")
        options = (
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off"
        )
        if self.cpus:
            # A parallel plan's workers would share the CPUs the server is pinned to with the query they help (and
            # with gunicorn): on one CPU, a count over 100,000 documents took 82 ms with two workers, 56 without.
            options += f" -c max_parallel_workers_per_gather={min(2, len(self.cpus.split(',')) - 1)}"
        pin = ["taskset", "-c", self.cpus] if self.cpus else []
        command = [*pin, *self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), "-l"]
        subprocess.run([*command, str(self.data / "server.log"), "-w", "-o", options, "start"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        return self

    def __exit__(self, *exc):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "stop")

    def url(self, database: str) -> str:
        return f"postgres://plenum@127.0.0.1:{self.port}/{database}"

    def create(self, database: str, *, fresh: bool = False) -> None:
        if fresh:
            self._run("dropdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "plenum", "--if-exists", database)
        if not self.query("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{database}'"):
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "plenum", database)

    def query(self, database: str, sql: str) -> str:
        """The first value sql selects, as text ('' for none or an error)."""
        connect = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "plenum", "-d", database]
        completed = subprocess.run([str(self.bin / "psql"), *connect, "-tAc", sql], capture_output=True, text=True)
        return completed.stdout.strip() if completed.returncode == 0 else ""

    def _run(self, program: str, *arguments: str) -> None:
        subprocess.run([*self.as_owner, str(self.bin / program), *arguments], check=True, stdout=subprocess.DEVNULL)
