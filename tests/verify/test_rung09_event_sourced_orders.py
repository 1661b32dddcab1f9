"""Rung 9 on its reference solutions: the bad one appends every command it gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from gauntlet.verify.result import ConstraintResult, RungReport, Status
from gauntlet.verify.session import verify

SOLUTIONS = Path(__file__).parents[2] / "fixtures" / "solutions" / "9"


@pytest.fixture(scope="module")
def good() -> RungReport:
    return verify(9, SOLUTIONS / "good")


@pytest.fixture(scope="module")
def bad() -> RungReport:
    return verify(9, SOLUTIONS / "bad")


def result(report: RungReport, constraint: str) -> ConstraintResult:
    return next(r for r in report.results if r.constraint.id == constraint)


def test_good_passes(good: RungReport) -> None:
    assert good.failed() == []
    assert good.exit_code == 0


def test_convergence_states_burst_size(good: RungReport) -> None:
    converged = result(good, "read-model-converges")
    assert converged.measurements["commands"] == 200
    assert converged.measurements["clients"] == 4


def test_bad_accepts_stale_write(bad: RungReport) -> None:
    assert result(bad, "stale-write-rejected").status is Status.FAILED


def test_bad_applies_repeats(bad: RungReport) -> None:
    repeated = result(bad, "command-idempotent")
    assert repeated.status is Status.FAILED
    assert "'apple': 12" in repeated.message


def test_bad_read_model_converges(bad: RungReport) -> None:
    assert result(bad, "read-model-converges").status is Status.PASSED
