"""Rung 7 on its reference solutions: the bad one shares flags and never limits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gauntlet.verify.result import ConstraintResult, RungReport, Status
from gauntlet.verify.session import verify

TIMED = "flag-read-under-20ms"
SOLUTIONS = Path(__file__).parents[2] / "fixtures" / "solutions" / "7"


@pytest.fixture(scope="module")
def good() -> RungReport:
    return verify(7, SOLUTIONS / "good")


@pytest.fixture(scope="module")
def bad() -> RungReport:
    return verify(7, SOLUTIONS / "bad")


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


def test_latency_states_sample_size(good: RungReport) -> None:
    latency = result(good, "flag-read-under-20ms")
    assert latency.measurements["samples"] == 400
    assert "over 400 samples" in latency.message


def test_bad_leaks_between_tenants(bad: RungReport) -> None:
    assert result(bad, "tenants-isolated").status is Status.FAILED


def test_bad_has_no_rate_limit(bad: RungReport) -> None:
    assert result(bad, "rate-limited").status is Status.FAILED


def test_bad_openapi_still_valid(bad: RungReport) -> None:
    assert result(bad, "openapi-valid").status is Status.PASSED
    assert bad.exit_code == 1


def test_invalid_openapi_fails(tmp_path: Path) -> None:
    solution = tmp_path / "solution"
    shutil.copytree(SOLUTIONS / "good", solution)
    # No info.title or info.version and no paths: invalid OpenAPI 3.0.
    (solution / "openapi.py").write_text(
        'DOCUMENT = {"openapi": "3.0.3", "info": {}}\n'
    )
    report = verify(7, solution, only=("openapi-valid",))
    assert report.results[0].status is Status.FAILED
    assert "is invalid" in report.results[0].message
