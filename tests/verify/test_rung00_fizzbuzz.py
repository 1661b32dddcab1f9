"""Rung 0: the good FizzBuzz passes, the one with slow 7th calls fails on latency."""

from __future__ import annotations

from tests.verify.support import SOLUTIONS, not_passed, statuses, verify_json


def test_good_passes() -> None:
    code, report = verify_json(0, SOLUTIONS / "0" / "good")
    assert code == 0, report
    assert statuses(report)["every-7th-call-fast"] == "passed"


def test_bad_fails_latency() -> None:
    code, report = verify_json(0, SOLUTIONS / "0" / "bad")
    assert code == 1
    assert not_passed(report) == {"every-7th-call-fast"}


def test_latency_states_sample_size() -> None:
    _, report = verify_json(
        0, SOLUTIONS / "0" / "good", "--only", "every-7th-call-fast"
    )
    figures = report["constraints"][0]["measurements"]
    assert figures["samples"] == 10_000
    assert figures["percentile"] == 99.0


def test_latency_limit_configurable(tmp_path) -> None:
    import shutil

    solution = tmp_path / "bad"
    shutil.copytree(SOLUTIONS / "0" / "bad", solution)
    manifest = solution / "gauntlet.toml"
    manifest.write_text(manifest.read_text() + "\n[options]\nlatency_limit_ns = 1e9\n")
    code, report = verify_json(0, solution)
    assert code == 0, report
