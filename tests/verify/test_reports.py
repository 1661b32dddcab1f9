"""The three report formats and the exit codes 0, 1 and 2."""

from __future__ import annotations

import subprocess
from xml.etree import ElementTree

import pytest

from tests.verify.support import SOLUTIONS, run_gauntlet, write_solution


@pytest.fixture(scope="module")
def junit() -> subprocess.CompletedProcess[str]:
    return run_gauntlet("verify", "0", SOLUTIONS / "0" / "bad", "--format", "junit")


def test_table_names_failed_constraint() -> None:
    result = run_gauntlet("verify", "0", SOLUTIONS / "0" / "bad")
    assert result.returncode == 1
    assert "FAIL   every-7th-call-fast" in result.stdout
    assert "MANUAL evil" in result.stdout
    assert "sandbox:" in result.stdout


def test_junit_exit_one(junit) -> None:
    assert junit.returncode == 1


def test_junit_counts(junit) -> None:
    suite = ElementTree.fromstring(junit.stdout).find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "3"
    assert suite.get("failures") == "1"
    assert suite.get("skipped") == "1"


def test_junit_failure_case(junit) -> None:
    root = ElementTree.fromstring(junit.stdout)
    failed = [
        case.get("name")
        for case in root.iter("testcase")
        if case.find("failure") is not None
    ]
    assert failed == ["every-7th-call-fast"]


def test_junit_sandbox_properties(junit) -> None:
    root = ElementTree.fromstring(junit.stdout)
    names = {item.get("name") for item in root.iter("property")}
    assert "sandbox.isolation" in names


def test_exit_two_when_not_runnable(tmp_path) -> None:
    solution = write_solution(
        tmp_path,
        {"gauntlet.toml": "rung = 0\n[call]\nmodule = 'missing'\nfunction = 'f'\n"},
    )
    result = run_gauntlet("verify", "0", solution)
    assert result.returncode == 2
    assert "ERROR  output-correct" in result.stdout
    assert "No module named 'missing'" in result.stdout


def test_unknown_only_exit_two() -> None:
    result = run_gauntlet("verify", "0", SOLUTIONS / "0" / "good", "--only", "nope")
    assert result.returncode == 2
    assert "no constraint 'nope'" in result.stderr
