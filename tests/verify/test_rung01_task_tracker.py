"""Rung 1: the good tracker passes; the bad one leaves invalid JSON when killed."""

from __future__ import annotations

from tests.verify.support import SOLUTIONS, message, not_passed, verify_json


def test_good_passes() -> None:
    code, report = verify_json(1, SOLUTIONS / "1" / "good")
    assert code == 0, report


def test_bad_fails_interrupted_write() -> None:
    code, report = verify_json(1, SOLUTIONS / "1" / "bad")
    assert code == 1
    assert not_passed(report) == {"json-valid-after-kill"}
    assert "invalid JSON" in message(report, "json-valid-after-kill")
