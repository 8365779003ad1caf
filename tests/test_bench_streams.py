"""The benchmark's drawing of URLs (bench/run.py): seeded, Zipf-shaped, and the CPUs split between server and client."""

import random
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

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


def test_two_pages_are_measured_in_alternating_rounds_and_their_ratio_is_the_median_rounds(monkeypatch, tmp_path):
    monkeypatch.setattr(run, "BENCH_DIR", tmp_path)
    bench = run.Run.__new__(run.Run)
    bench.args, bench.duration, bench.latency_connections = SimpleNamespace(rounds=4), 10, 1
    # Each load answers with a median that tells which port it hit and when: the machine slows by 1 ms each load.
    loads = []

    def wrk(port, paths, *, seconds, connections):
        loads.append((port, seconds, paths.read_text().split()))
        return {"median_ms": port + len(loads), "p95_ms": 0.0, "requests": 1, "errors": 0}

    bench.wrk = wrk
    found = bench.alternate({"document": (10, ["/documents/1/", "/documents/2/"]), "row": (5, ["/corpus/documents/1"])})
    measured = loads[2:]  # the two warm-ups first
    assert [port for port, _, _ in loads[:2]] == [10, 5] and {s for _, s, _ in measured} == {5}
    assert [port for port, _, _ in measured] == [10, 5, 5, 10, 10, 5, 5, 10]
    assert sorted(measured[0][2]) == ["/documents/1/", "/documents/2/"]
    ratios = [r["ratio"] for r in found["rounds"]]
    assert ratios == [13 / 9, 16 / 10, 17 / 13, 20 / 14]
    assert found["median_ratio"] == pytest.approx((20 / 14 + 13 / 9) / 2)  # the middle two of four


def test_the_alternating_ratio_is_printed_after_the_table(capsys):
    page = {"median_ms": 3.0, "p95_ms": 5.0, "errors": 0}
    rounds = [{"document": page, "row": {**page, "median_ms": 2.0}, "ratio": 1.5}] * 2
    datasette = {"documents": 10, "row": {**page, "median_ms": 2.0}, "alternating": {
        "pages": ["document", "row"], "rounds": rounds, "median_ratio": 1.5}}  # fmt: skip
    run.print_datasette(datasette, {"document": page})
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-3].startswith("| document | 3.0 / 5.0 | row | 2.0 / 5.0 | 1.50 / 1.00 |")
    assert lines[-1] == (
        "Document ÷ row page, p50, both served at once and measured in turn (2 rounds): median 1.50; "
        "by round 1.50 (3.0 / 2.0 ms), 1.50 (3.0 / 2.0 ms); errors 0."
    )
