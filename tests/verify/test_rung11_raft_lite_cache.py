"""Rung 11 on its reference solutions: the bad one has a fixed leader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
