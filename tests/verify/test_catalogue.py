"""The catalogue lists fourteen rungs, and every automatic constraint has a check."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gauntlet.verify.checks import load_checks
from gauntlet.verify.errors import CatalogueError
from gauntlet.verify.rungs import all_rungs, get_rung
from tests.verify.support import run_gauntlet


def test_fourteen_rungs_in_order() -> None:
    assert [rung.number for rung in all_rungs()] == list(range(14))


def test_constraint_ids_unique() -> None:
    for rung in all_rungs():
        ids = [constraint.id for constraint in rung.constraints]
        assert len(ids) == len(set(ids)), rung.slug


def test_automatic_constraints_have_checks() -> None:
    checks = load_checks()
    for rung in all_rungs():
        for constraint in rung.constraints:
            if constraint.automatic:
                assert constraint.check in checks, (rung.number, constraint.id)


def test_manual_constraints_give_reason() -> None:
    for rung in all_rungs():
        for constraint in rung.constraints:
            if not constraint.automatic:
                assert constraint.manual_reason, (rung.number, constraint.id)


def test_rung_by_slug() -> None:
    assert get_rung("url-shortener").number == 4


def test_unknown_rung_lists_ladder() -> None:
    with pytest.raises(CatalogueError, match="0 \\(evil-fizzbuzz\\)"):
        get_rung("14")


def test_challenges_lists_all() -> None:
    result = run_gauntlet("challenges")
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 14


def test_challenges_json() -> None:
    result = run_gauntlet("challenges", "--format", "json")
    rungs = json.loads(result.stdout)
    assert [rung["number"] for rung in rungs] == list(range(14))
    assert rungs[0]["constraints"][1]["params"]["every"] == 7


def test_challenges_one_rung() -> None:
    result = run_gauntlet("challenges", "1")
    assert result.returncode == 0
    assert "max-500-lines" in result.stdout
    assert "check lines-of-code" in result.stdout


def test_challenges_unknown_exit_two() -> None:
    result = run_gauntlet("challenges", "99")
    assert result.returncode == 2
    assert "no rung '99'" in result.stderr


MISSING_HTTPX = """\
import sys
sys.modules["httpx"] = None  # as if the verify extra were not installed
from gauntlet.verify.checks import get_check
from gauntlet.verify.errors import SandboxError
get_check("lines-of-code")
try:
    get_check("http-contract")
except SandboxError as err:
    print(err)
"""


def test_missing_extra_named() -> None:
    result = subprocess.run(
        [sys.executable, "-c", MISSING_HTTPX],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "needs 'httpx'" in result.stdout
    assert "micro-gauntlet[verify]" in result.stdout
