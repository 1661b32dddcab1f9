"""The ``cli-contract`` check: a command-line program behaves step by step.

Each step runs the manifest's ``commands.cli`` with more arguments as a new
process, so state that survives between steps survived a restart. A step is a
mapping with:

- ``args``: the extra arguments; ``{name}`` is replaced by a captured value;
- ``exit``: the expected exit code, or ``"nonzero"``;
- ``stdout``: texts that must all appear in the output;
- ``line_with``: regular expressions that must all match one line;
- ``capture``: name -> regular expression whose group 1 is kept for later steps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import RunResult

STEP_TIMEOUT_SECONDS = 10.0


def exit_matches(expected: object, returncode: int) -> bool:
    if expected == "nonzero":
        return returncode != 0
    return expected is None or returncode == expected


def step_problem(
    step: Mapping[str, Any], result: RunResult, values: dict[str, str]
) -> str | None:
    """Return what is wrong with one step's result, or None; fills ``values``."""
    if result.timed_out or not exit_matches(step.get("exit", 0), result.returncode):
        expected = step.get("exit", 0)
        return f"{result.describe()} (expected exit {expected}): {result.error_tail()}"
    if "Traceback (most recent call last)" in result.stderr:
        return f"printed a traceback: {result.error_tail()}"
    for text in step.get("stdout", ()):
        if text not in result.stdout:
            return f"output lacks {text!r}: {result.stdout[-300:]!r}"
    patterns = [re.compile(pattern) for pattern in step.get("line_with", ())]
    if patterns and not any(
        all(pattern.search(line) for pattern in patterns)
        for line in result.stdout.splitlines()
    ):
        wanted = " and ".join(repr(p.pattern) for p in patterns)
        return f"no output line matches {wanted}: {result.stdout[-300:]!r}"
    for name, pattern in step.get("capture", {}).items():
        match = re.search(pattern, result.stdout)
        if match is None:
            return f"output has no {name} matching {pattern!r}: {result.stdout!r}"
        values[name] = match.group(1)
    return None


@register_check("cli-contract")
def check_cli_contract(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Run every step of ``params["steps"]`` in order; the first broken one fails."""
    values: dict[str, str] = {}
    steps = params["steps"]
    for number, step in enumerate(steps, start=1):
        args = [arg.format_map(values) for arg in step["args"]]
        result = context.sandbox.run(
            [*context.command("cli"), *args], timeout=STEP_TIMEOUT_SECONDS
        )
        problem = step_problem(step, result, values)
        if problem is not None:
            shown = " ".join(args)
            return CheckResult.fail(
                f"step {number} of {len(steps)} ({shown!r}) {problem}",
                failed_step=number,
            )
    return CheckResult.ok(f"all {len(steps)} steps behaved", steps=len(steps))
