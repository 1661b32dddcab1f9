"""Checks whose reference solutions pass them, shown failing on a broken copy.

Each test copies a good or bad reference solution, breaks one thing, and
expects exactly the constraint that measures it to fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.verify.support import SOLUTIONS, message, not_passed, verify_json


def broken_copy(tmp_path: Path, source: str, name: str, old: str, new: str) -> Path:
    """Copy the reference solution ``source`` ("4/good") and replace one text."""
    solution = tmp_path / source.replace("/", "-")
    shutil.copytree(SOLUTIONS / source, solution)
    path = solution / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
    return solution


def test_call_output_wrong_value(tmp_path) -> None:
    solution = broken_copy(
        tmp_path, "0/bad", "fizzbuzz.py", 'return "FizzBuzz"', 'return "Fizz"'
    )
    code, report = verify_json(0, solution, "--only", "output-correct")
    assert code == 1
    assert "wrong value for n=15" in message(report, "output-correct")


def test_http_contract_accepts_invalid_url(tmp_path) -> None:
    solution = broken_copy(
        tmp_path, "4/good", "shortener.py", "if not valid_url(url):", "if url is None:"
    )
    code, report = verify_json(4, solution)
    assert code == 1
    assert not_passed(report) == {"invalid-url-rejected"}
    assert "returned 201, expected 400-428/430-499" in message(
        report, "invalid-url-rejected"
    )


def test_http_contract_no_redirect(tmp_path) -> None:
    solution = broken_copy(
        tmp_path,
        "4/good",
        "shortener.py",
        "self.send_response(302)",
        "self.send_response(200)",
    )
    code, report = verify_json(4, solution, "--only", "round-trip-redirect")
    assert code == 1
    assert "returned 200" in message(report, "round-trip-redirect")


def test_package_build_strict_metadata(tmp_path) -> None:
    solution = broken_copy(
        tmp_path, "10/bad", "pyproject.toml", 'readme = "README.md"\n', ""
    )
    code, report = verify_json(10, solution, "--only", "package-builds")
    assert code == 1
    assert "twine check --strict failed" in message(report, "package-builds")


def test_package_build_invalid_project(tmp_path) -> None:
    solution = broken_copy(
        tmp_path,
        "10/bad",
        "pyproject.toml",
        'version = "0.1.0"',
        'version = "not a version"',
    )
    code, report = verify_json(10, solution, "--only", "package-builds")
    assert code == 1
    assert "python -m build" in message(report, "package-builds")


def test_package_root_without_pyproject(tmp_path) -> None:
    solution = broken_copy(
        tmp_path,
        "10/good",
        "gauntlet.toml",
        'package_root = "../../../.."',
        'package_root = "."',
    )
    code, report = verify_json(10, solution, "--only", "package-builds")
    assert code == 2
    assert "'options.package_root'" in message(report, "package-builds")


def test_irreversible_down_script(tmp_path) -> None:
    solution = broken_copy(
        tmp_path, "12/bad", "example/migrations/0001_users.down.sql",
        "DROP TABLE users;", "SELECT 1;",
    )  # fmt: skip
    code, report = verify_json(12, solution, "--only", "reversible-or-marked")
    assert code == 1
    assert "schema differs after apply and rollback" in message(
        report, "reversible-or-marked"
    )


def test_failure_modes_without_heading(tmp_path) -> None:
    solution = broken_copy(
        tmp_path, "12/bad", "FAILURES.md", "# Failure modes", "# Notes"
    )
    code, report = verify_json(12, solution, "--only", "failure-modes-documented")
    assert code == 1
    assert "no heading on failure modes" in message(report, "failure-modes-documented")


def test_failure_modes_too_few(tmp_path) -> None:
    solution = broken_copy(
        tmp_path,
        "12/bad",
        "FAILURES.md",
        "- A down script is missing",
        "A down script is missing",
    )
    code, report = verify_json(12, solution, "--only", "failure-modes-documented")
    assert code == 1
    assert "lists 2 failure modes, fewer than 3" in message(
        report, "failure-modes-documented"
    )


def test_failure_modes_document_missing(tmp_path) -> None:
    solution = tmp_path / "12-bad"
    shutil.copytree(SOLUTIONS / "12" / "bad", solution)
    (solution / "FAILURES.md").unlink()
    code, report = verify_json(12, solution, "--only", "failure-modes-documented")
    assert code == 1
    assert "no failure-mode document at 'FAILURES.md'" in message(
        report, "failure-modes-documented"
    )
