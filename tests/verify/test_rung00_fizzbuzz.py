"""Rung 0: the good FizzBuzz passes, the one with slow 7th calls fails on latency."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.verify.support import SOLUTIONS, not_passed, statuses, verify_json


@pytest.fixture(scope="module")
def good() -> tuple[int, dict[str, Any]]:
    return verify_json(0, SOLUTIONS / "0" / "good")


def test_good_passes(good) -> None:
    code, report = good
    assert code == 0, report
    assert statuses(report)["every-7th-call-fast"] == "passed"


def test_latency_states_sample_size(good) -> None:
    _, report = good
    figures = report["constraints"][1]["measurements"]
    assert figures["samples"] == 10_000
    assert figures["percentile"] == 99.0


def test_bad_fails_latency() -> None:
    code, report = verify_json(0, SOLUTIONS / "0" / "bad")
    assert code == 1
    assert not_passed(report) == {"every-7th-call-fast"}


def test_latency_limit_configurable(tmp_path) -> None:
    solution = tmp_path / "bad"
    shutil.copytree(SOLUTIONS / "0" / "bad", solution)
    manifest = solution / "gauntlet.toml"
    manifest.write_text(manifest.read_text() + "\n[options]\nlatency_limit_ns = 1e9\n")
    code, report = verify_json(0, solution, "--only", "every-7th-call-fast")
    assert code == 0, report
