"""Rung 3: the caching client passes; the one without a disk cache fails."""

from __future__ import annotations

from tests.verify.support import SOLUTIONS, message, not_passed, verify_json


def test_good_passes() -> None:
    code, report = verify_json(3, SOLUTIONS / "3" / "good")
    assert code == 0, report


def test_bad_fails_cache_and_errors() -> None:
    code, report = verify_json(3, SOLUTIONS / "3" / "bad")
    assert code == 1
    assert not_passed(report) == {
        "second-request-cached",
        "http-error-clear",
        "timeout-clear",
    }
    assert "traceback" in message(report, "http-error-clear")
