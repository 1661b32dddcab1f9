"""Rung 8 on its reference solutions: the bad bot ignores limits and logs text."""

from __future__ import annotations

from pathlib import Path

import pytest

from gauntlet.verify.result import ConstraintResult, RungReport, Status
from gauntlet.verify.session import verify

SOLUTIONS = Path(__file__).parents[2] / "fixtures" / "solutions" / "8"
# The bad bot's CPU run only repeats the memory run's timeout.
BAD_CONSTRAINTS = (
    "memory-hog-restarted",
    "metrics-prometheus-format",
    "restarts-exported",
    "structured-logs",
)


@pytest.fixture(scope="module")
def good() -> RungReport:
    return verify(8, SOLUTIONS / "good")


@pytest.fixture(scope="module")
def bad() -> RungReport:
    return verify(8, SOLUTIONS / "bad", only=BAD_CONSTRAINTS)


def result(report: RungReport, constraint: str) -> ConstraintResult:
    return next(r for r in report.results if r.constraint.id == constraint)


def test_good_passes(good: RungReport) -> None:
    assert good.failed() == []
    assert good.exit_code == 0


def test_good_counts_restart(good: RungReport) -> None:
    assert result(good, "restarts-exported").measurements["restarts"] >= 1


@pytest.mark.parametrize("constraint", BAD_CONSTRAINTS)
def test_bad_fails(bad: RungReport, constraint: str) -> None:
    assert result(bad, constraint).status is Status.FAILED


def test_bad_metrics_not_prometheus(bad: RungReport) -> None:
    metrics = result(bad, "metrics-prometheus-format")
    assert "not Prometheus text exposition format" in metrics.message


def test_crashing_bot_is_error(tmp_path: Path) -> None:
    (tmp_path / "gauntlet.toml").write_text(
        'rung = 8\n[commands]\nrun = ["python", "-c", "raise SystemExit(3)"]\n'
    )
    report = verify(8, tmp_path)
    assert report.exit_code == 2
    assert {r.status for r in report.results} == {Status.ERROR}
    assert "exited with 3" in report.results[0].message
