"""Rung 6 on its reference solutions: the bad one's subscribers share a queue."""

from __future__ import annotations

from pathlib import Path

import pytest

from gauntlet.verify.checks.price_feed import first_difference, price_sequence
from gauntlet.verify.result import ConstraintResult, RungReport, Status
from gauntlet.verify.session import verify

SOLUTIONS = Path(__file__).parents[2] / "fixtures" / "solutions" / "6"


@pytest.fixture(scope="module")
def good() -> RungReport:
    return verify(6, SOLUTIONS / "good")


@pytest.fixture(scope="module")
def bad() -> RungReport:
    return verify(6, SOLUTIONS / "bad", only=("every-update-in-order",))


def result(report: RungReport, constraint: str) -> ConstraintResult:
    return next(r for r in report.results if r.constraint.id == constraint)


def test_good_passes(good: RungReport) -> None:
    assert good.failed() == []
    assert good.exit_code == 0


def test_load_report_figures(good: RungReport) -> None:
    load = result(good, "latency-memory-reported")
    assert load.measurements["samples"] == 8 * 300
    assert load.measurements["peak_rss_bytes"] > 0
    assert "over 2400 samples" in load.message


def test_bad_loses_updates(bad: RungReport) -> None:
    fan_out = result(bad, "every-update-in-order")
    assert fan_out.status is Status.FAILED
    assert fan_out.measurements["failed_subscribers"] > 0


def test_difference_names_missing_update() -> None:
    expected = price_sequence(3)
    assert first_difference(expected[:2], expected) == "missing seq 3 and 0 more"


def test_difference_names_reordered_update() -> None:
    expected = price_sequence(3)
    problem = first_difference([expected[1], expected[0], expected[2]], expected)
    assert problem is not None
    assert problem.startswith("update 1 is")


def test_difference_none_when_equal() -> None:
    expected = price_sequence(5)
    assert first_difference(list(expected), expected) is None
