"""Rung 2: the streaming analyzer passes; the one that reads it all fails twice."""

from __future__ import annotations

from typing import Any

import pytest

from tests.verify.support import SOLUTIONS, not_passed, statuses, verify_json


@pytest.fixture(scope="module")
def bad() -> tuple[int, dict[str, Any]]:
    return verify_json(2, SOLUTIONS / "2" / "bad")


def test_good_passes() -> None:
    code, report = verify_json(2, SOLUTIONS / "2" / "good")
    assert code == 0, report
    assert statuses(report)["uses-several-cores"] == "manual"


def test_bad_fails_malformed_and_memory(bad) -> None:
    code, report = bad
    assert code == 1
    assert not_passed(report) == {"malformed-lines-tolerated", "memory-flat"}


def test_memory_figures_reported(bad) -> None:
    _, report = bad
    figures = next(
        item["measurements"]
        for item in report["constraints"]
        if item["id"] == "memory-flat"
    )
    assert figures["large_lines"] == 1_000_000
    assert figures["large_peak_rss_mib"] > figures["allowed_mib"]
