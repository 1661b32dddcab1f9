"""Rung 12: the migrator passes on its shop example; a naive runner leaves tables."""

from __future__ import annotations

from tests.verify.support import SOLUTIONS, message, not_passed, verify_json


def test_migrator_passes() -> None:
    code, report = verify_json(12, SOLUTIONS / "12" / "good")
    assert code == 0, report


def test_naive_runner_not_rolled_back() -> None:
    code, report = verify_json(12, SOLUTIONS / "12" / "bad")
    assert code == 1
    assert not_passed(report) == {"failed-rollout-rolled-back"}
    assert "users left behind" in message(report, "failed-rollout-rolled-back")
