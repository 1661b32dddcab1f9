"""Rung 10: this project's lint and fix pass; a text-matching linter misses aliases."""

from __future__ import annotations

from tests.verify.support import SOLUTIONS, message, not_passed, verify_json


def test_project_passes() -> None:
    code, report = verify_json(10, SOLUTIONS / "10" / "good")
    assert code == 0, report


def test_text_linter_misses_aliases() -> None:
    code, report = verify_json(10, SOLUTIONS / "10" / "bad")
    assert code == 1
    assert not_passed(report) == {"aliases-flagged", "fix-compiles"}
    assert "import_alias.py" in message(report, "aliases-flagged")
