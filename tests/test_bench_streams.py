"""The benchmark's drawing of URLs (bench/run.py): seeded, Zipf-shaped, and the CPUs split between server and client."""

import random
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = str(Path(__file__).resolve().parent.parent / "bench")
sys.path.insert(0, BENCH)  # the benchmark's modules import one another by name, as scripts
try:
    run = pytest.importorskip("run")
finally:
    sys.path.remove(BENCH)


def test_the_zipf_stream_is_seeded_and_falls_with_rank():
    universe = [f"/documents/{n}/" for n in range(1, 2001)]
    stream = run.zipf_stream(universe, random.Random(5))
    assert stream == run.zipf_stream(universe, random.Random(5))
    assert stream != run.zipf_stream(universe, random.Random(6))
    counts = Counter(stream)
    assert len(stream) == run.STREAM
    # The URL of rank k is drawn about 1/k as often as the first.
    assert counts[universe[0]] / counts[universe[1]] == pytest.approx(2, rel=0.15)
    assert counts[universe[0]] / counts[universe[9]] == pytest.approx(10, rel=0.25)
    assert counts[universe[0]] > counts[universe[99]] > counts[universe[1999]]


def test_rendered_pages_are_walked_in_a_seeded_order():
    urls = [f"/search/?q={n}" for n in range(300)]
    assert run.seeded_order(urls) == run.seeded_order(list(urls))
    assert sorted(run.seeded_order(urls)) == sorted(urls) and run.seeded_order(urls) != urls


@pytest.mark.parametrize(
    ("cpus", "no_pin", "expected"),
    [({0, 1}, False, ("0", "1")), ({0, 1, 2, 3}, False, ("0,1,2", "3")), ({0}, False, (None, None)),
     ({0, 1}, True, (None, None))],
)  # fmt: skip
def test_the_server_and_the_load_client_get_their_own_cpus(monkeypatch, cpus, no_pin, expected):
    monkeypatch.setattr(run.os, "sched_getaffinity", lambda pid: cpus)
    assert run.cpu_split(no_pin) == expected
