"""Checks of a lint rule and its fix against the clock-read probes.

``commands.lint`` and ``commands.fix`` get ``{path}``, the probe folder; they
run in the solution's working copy like every command. A finding is an output
line starting ``FILE:LINE:``, the format of flake8, ruff, pylint's parseable
output and ``gauntlet lint``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.inputs.clock_probes import PROBES, write_probes
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import RunResult

FINDING = re.compile(r"^(?P<file>[^\s:]+\.py):(?P<line>\d+)(?::\d+)?:", re.MULTILINE)
_folders = itertools.count(1)


def findings(output: str) -> dict[str, set[int]]:
    """Return the reported lines by file name (without folders)."""
    found: dict[str, set[int]] = {}
    for match in FINDING.finditer(output):
        found.setdefault(Path(match["file"]).name, set()).add(int(match["line"]))
    return found


def probe_folder(context: CheckContext) -> Path:
    folder = context.sandbox.scratch / f"probes-{next(_folders)}"
    write_probes(folder)
    return folder


def run_lint(context: CheckContext, folder: Path) -> RunResult:
    result = context.sandbox.run(context.command("lint", path=folder))
    if result.timed_out or result.signal is not None:
        raise SolutionError(f"the lint command {result.describe()}")
    return result


@register_check("lint-aliases")
def check_lint_aliases(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Lint the probes: each must have a finding, ``clean.py`` and ``clock.py`` none."""
    folder = probe_folder(context)
    result = run_lint(context, folder)
    found = findings(result.stdout + result.stderr)
    missed = [
        name
        for name, (_, lines) in PROBES.items()
        if not lines & found.get(name, set())
    ]
    false_alarms = sorted(set(found) & {"clean.py", "clock.py"})
    figures = {"probes": len(PROBES), "missed": len(missed)}
    if result.returncode == 0:
        return CheckResult.fail("lint exited 0 on files that read the clock", **figures)
    if missed:
        return CheckResult.fail(
            f"missed {len(missed)} of {len(PROBES)} spellings: {', '.join(missed)}",
            **figures,
        )
    if false_alarms:
        lines = {name: sorted(found[name]) for name in false_alarms}
        return CheckResult.fail(
            f"findings on code with no clock read: {lines}", **figures
        )
    return CheckResult.ok(
        f"all {len(PROBES)} spellings flagged, none on look-alikes", **figures
    )


def compile_errors(folder: Path) -> list[str]:
    errors = []
    for path in sorted(folder.glob("*.py")):
        try:
            compile(path.read_bytes(), str(path), "exec")
        except SyntaxError as err:
            errors.append(f"{path.name}:{err.lineno}: {err.msg}")
    return errors


@register_check("fix-compiles")
def check_fix_compiles(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Fix the probes; each must change, compile, and lint clean afterwards."""
    folder = probe_folder(context)
    before = {name: (folder / name).read_text() for name in PROBES}
    fixed = context.sandbox.run(context.command("fix", path=folder))
    if fixed.timed_out or fixed.signal is not None:
        raise SolutionError(f"the fix command {fixed.describe()}")
    unchanged = [name for name in PROBES if (folder / name).read_text() == before[name]]
    if unchanged:
        return CheckResult.fail(
            f"the fix left {len(unchanged)} of {len(PROBES)} files unchanged: "
            f"{', '.join(unchanged)} ({fixed.describe()}: {fixed.error_tail()})"
        )
    errors = compile_errors(folder)
    if errors:
        return CheckResult.fail(f"fixed files do not compile: {'; '.join(errors)}")
    after = run_lint(context, folder)
    remaining = findings(after.stdout + after.stderr)
    if after.returncode != 0 or remaining:
        return CheckResult.fail(
            f"lint still reports after the fix: {after.error_tail()}",
            remaining=sum(len(lines) for lines in remaining.values()),
        )
    return CheckResult.ok(
        f"all {len(PROBES)} files rewritten, compiled and lint clean after the fix"
    )
