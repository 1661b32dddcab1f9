"""The ``log-top-latency`` check: the 10 slowest endpoints of a generated log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.inputs.nginx_log import write_log
from gauntlet.verify.result import CheckResult


def printed_paths(stdout: str) -> list[str]:
    """Return the first token starting with ``/`` of each output line, in order."""
    paths = []
    for line in stdout.splitlines():
        token = next((part for part in line.split() if part.startswith("/")), None)
        if token is not None:
            paths.append(token.rstrip(":,"))
    return paths


def first_difference(printed: list[str], expected: tuple[str, ...]) -> str:
    for rank, wanted in enumerate(expected, start=1):
        got = printed[rank - 1] if rank <= len(printed) else None
        if got != wanted:
            return f"rank {rank} is {got!r}, expected {wanted!r}"
    return "the ranking differs"


@register_check("log-top-latency")
def check_log_top_latency(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Run ``commands.cli`` on a log of ``lines`` lines, ``malformed`` of them bad."""
    lines, malformed = int(params["lines"]), int(params["malformed"])
    log = write_log(
        context.sandbox.scratch / f"access-{lines}-{malformed}.log", lines, malformed
    )
    result = context.sandbox.run(context.command("cli", log=log.path))
    figures = {"lines": lines, "malformed": malformed, "seconds": result.seconds}
    if result.returncode != 0 or result.timed_out:
        return CheckResult.fail(
            f"{result.describe()} on a {lines}-line log with {malformed} malformed "
            f"lines: {result.error_tail()}",
            **figures,
        )
    printed = printed_paths(result.stdout)[:10]
    if printed != list(log.top10):
        return CheckResult.fail(
            f"{first_difference(printed, log.top10)} ({len(printed)} paths printed, "
            f"{malformed} malformed lines in the log)",
            **figures,
        )
    return CheckResult.ok(
        f"top 10 right on {lines} lines with {malformed} malformed", **figures
    )
