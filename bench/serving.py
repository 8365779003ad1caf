"""gunicorn serving the archive on a free loopback port, for the duration of a with block (the benchmarks' server)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """Started on entry, stopped on exit; `ready` is a path that answers once the workers are up. `cpus` pins the
    server to those CPUs (taskset's list, e.g. "0"); `app` is the WSGI module served."""

    def __init__(
        self,
        env: dict,
        *,
        workers: int,
        options: list[str],
        log: Path,
        ready: str,
        cpus: str | None = None,
        app: str = "archive.wsgi",
    ):
        self.env, self.workers, self.options, self.log_path, self.ready = env, workers, options, log, ready
        self.cpus, self.app = cpus, app
        self.port = free_port()

    def __enter__(self):
        pin = ["taskset", "-c", self.cpus] if self.cpus else []
        command = [*pin, GUNICORN, self.app, "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        # --no-control-socket: gunicorn's control socket has one fixed path, which a server still stopping would hold.
        command += [*self.options, "--no-control-socket"]
        self.log = open(self.log_path, "w")  # closed in __exit__
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stderr=self.log)
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.ready}", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start: see {self.log_path}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
