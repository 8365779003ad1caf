"""The weight and first paint of a reading page, as a reader's browser receives it.

    .venv/bin/python bench/page_weight.py [--record 1] [--loads 5]

Builds a throwaway SQLite archive of the seed documents (fixtures/) in a temporary folder, runs
collectstatic, starts gunicorn on a free loopback port with the page cache off, and prints the bytes
of the document page's HTML sent plain and with gzip, and the median first-contentful-paint of
several loads in Chromium (the Performance API's `first-contentful-paint` entry).
"""

from __future__ import annotations

import argparse
import gzip
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CHROMIUM = os.environ.get("PLENUM_CHROMIUM", "/usr/bin/chromium")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", type=int, default=1, help="record number of the page to measure")
    parser.add_argument("--loads", type=int, default=5, help="page loads in Chromium for the first paint")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "PLENUM_VAR_DIR": var, "PAGE_CACHE_SECONDS": "0", "SECRET_KEY": "bench-only"}
        env.pop("DATABASE_URL", None)
        for command in (
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput"],
            ["import_texts", "--status", "published", "fixtures/"],
        ):
            subprocess.run([PY, "manage.py", *command, "--verbosity", "0"], cwd=ROOT, env=env, check=True)
        port = _free_port()
        server = subprocess.Popen(
            [GUNICORN, "archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/documents/{args.record}/"
            _wait_for(url)
            plain = _fetch(url, "identity")
            sent_gzip = _fetch(url, "gzip")
            print(f"HTML of {url}")
            print(f"  plain: {len(plain)} bytes")
            print(f"  gzip requested: {len(sent_gzip)} bytes sent ({len(gzip.compress(plain))} if compressed)")
            paints = _first_paints(url, args.loads)
            print(f"  first-contentful-paint: median {statistics.median(paints):.0f} ms of {paints}")
        finally:
            server.terminate()
            server.wait()
    return 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url}")


def _fetch(url: str, encoding: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request) as response:
        return response.read()


def _first_paints(url: str, loads: int) -> list[int]:
    from playwright.sync_api import sync_playwright

    paints = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url, wait_until="load")
            paint = page.evaluate(
                "() => new Promise(done => new PerformanceObserver((list, observer) => {"
                " const entry = list.getEntriesByName('first-contentful-paint')[0];"
                " if (entry) { observer.disconnect(); done(entry.startTime); } })"
                ".observe({type: 'paint', buffered: true}))"
            )
            paints.append(round(paint))
            context.close()
        browser.close()
    return paints


if __name__ == "__main__":
    sys.exit(main())
