"""Rung 4: the SQLite shortener passes; the in-memory one fails restart and 429."""

from __future__ import annotations

from tests.verify.support import SOLUTIONS, not_passed, verify_json


def test_good_passes() -> None:
    code, report = verify_json(4, SOLUTIONS / "4" / "good")
    assert code == 0, report


def test_bad_fails_restart_and_rate_limit() -> None:
    code, report = verify_json(4, SOLUTIONS / "4" / "bad")
    assert code == 1
    assert not_passed(report) == {"codes-survive-restart", "rate-limit-429"}
