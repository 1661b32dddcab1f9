"""Rung 11 on its reference solutions: the bad one has a fixed leader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gauntlet.verify.checks.percentiles import best_round, percentile
from gauntlet.verify.result import ConstraintResult, RungReport, Status
from gauntlet.verify.session import verify

TIMED = "read-p99-under-5ms"
SOLUTIONS = Path(__file__).parents[2] / "fixtures" / "solutions" / "11"


@pytest.fixture(scope="module")
def good() -> RungReport:
    return verify(11, SOLUTIONS / "good")


@pytest.fixture(scope="module")
def bad() -> RungReport:
    return verify(11, SOLUTIONS / "bad")


def result(report: RungReport, constraint: str) -> ConstraintResult:
    return next(r for r in report.results if r.constraint.id == constraint)


def test_good_passes(good: RungReport) -> None:
    assert [name for name in good.failed() if name != TIMED] == []


def test_good_latency(good: RungReport) -> None:
    latency = result(good, TIMED)
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if latency.status is Status.FAILED and load > cpus:
        # The limit is in milliseconds, so the machine's own scheduling delay
        # under this load decides the verdict, not the solution.
        pytest.skip(f"load average {load:.1f} on {cpus} CPUs: {latency.message}")
    assert latency.status is Status.PASSED


def test_read_latency_sample_size(good: RungReport) -> None:
    latency = result(good, "read-p99-under-5ms")
    assert latency.measurements["samples"] == 500
    assert "over 500 samples" in latency.message


def test_good_acknowledged_writes(good: RungReport) -> None:
    kept = result(good, "no-acknowledged-write-lost")
    assert kept.measurements["acknowledged"] > 0
    assert kept.measurements["lost"] == 0


def test_bad_elects_no_leader(bad: RungReport) -> None:
    assert result(bad, "leader-reelected").status is Status.FAILED


def test_bad_loses_writes(bad: RungReport) -> None:
    assert result(bad, "no-acknowledged-write-lost").status is Status.FAILED


def test_bad_within_line_limit(bad: RungReport) -> None:
    assert result(bad, "max-10000-lines").status is Status.PASSED


def test_percentile_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 99) == 99.0
    assert percentile(samples, 50) == 50.0
    assert percentile([7.0], 99) == 7.0


def test_best_round_stops_under_limit() -> None:
    rounds = iter([[0.010] * 100, [0.001] * 100, [0.0005] * 100])
    summary = best_round(lambda: next(rounds), 3, 99.0, limit_ms=5.0)
    assert summary["rounds_ms"] == [10.0, 1.0]
    assert summary["p99_ms"] == 1.0
    assert summary["samples"] == 100


def test_best_round_keeps_best_failure() -> None:
    rounds = iter([[0.009] * 10, [0.007] * 10, [0.008] * 10])
    summary = best_round(lambda: next(rounds), 3, 99.0, limit_ms=5.0)
    assert summary["rounds_ms"] == [9.0, 7.0, 8.0]
    assert summary["p99_ms"] == 7.0


def test_crashing_nodes_are_error(tmp_path: Path) -> None:
    (tmp_path / "gauntlet.toml").write_text(
        'rung = 11\n[commands]\nrun = ["python", "-c", "raise SystemExit(3)"]\n'
    )
    report = verify(
        11, tmp_path, only=("leader-reelected", "no-acknowledged-write-lost")
    )
    assert report.exit_code == 2
    assert [r.status for r in report.results] == [Status.ERROR, Status.ERROR]
