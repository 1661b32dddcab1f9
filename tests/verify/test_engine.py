"""The engine turns each check's outcome, error or crash into one result."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.constraint import Rung, automatic, manual
from gauntlet.verify.context import CheckContext
from gauntlet.verify.engine import run_rung
from gauntlet.verify.errors import CannotJudgeError, SolutionError
from gauntlet.verify.manifest import Manifest
from gauntlet.verify.result import CheckResult, Status
from gauntlet.verify.sandbox import Sandbox


@register_check("test-outcome")
def outcome_check(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    kind = params["kind"]
    if kind == "crash":
        raise ZeroDivisionError("division by zero")
    if kind == "not-runnable":
        raise SolutionError("cannot start 'server.py'")
    if kind == "cannot-judge":
        raise CannotJudgeError("cannot read 'cobol' sources")
    return CheckResult(kind == "pass", f"outcome {kind}", {"kind": kind})


RUNG = Rung(
    number=0,
    slug="engine-test",
    title="Engine test",
    asks="nothing",
    constraints=(
        *(
            automatic(kind, kind, check="test-outcome", kind=kind)
            for kind in ("pass", "fail", "crash", "not-runnable", "cannot-judge")
        ),
        manual("people", "people judge it", "taste"),
    ),
)


def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    solution = tmp_path / "solution"
    solution.mkdir()
    manifest = Manifest(solution / "gauntlet.toml", 0, "python", {}, None, {})
    with Sandbox(tmp_path / "session", solution) as sandbox:
        return run_rung(RUNG, manifest, sandbox, info=None, progress=print)


def test_statuses_per_outcome(tmp_path) -> None:
    report = run(tmp_path)
    statuses = {result.constraint.id: result.status for result in report.results}
    assert statuses == {
        "pass": Status.PASSED,
        "fail": Status.FAILED,
        "crash": Status.ERROR,
        "not-runnable": Status.ERROR,
        "cannot-judge": Status.MANUAL,
        "people": Status.MANUAL,
    }


def test_crash_named_in_message(tmp_path) -> None:
    report = run(tmp_path)
    crash = next(result for result in report.results if result.constraint.id == "crash")
    assert "'test-outcome' crashed: ZeroDivisionError" in crash.message


def test_error_means_exit_two(tmp_path) -> None:
    assert run(tmp_path).exit_code == 2


def test_measurements_kept(tmp_path) -> None:
    report = run(tmp_path)
    assert report.results[0].measurements == {"kind": "pass"}
