"""The ``flat-memory`` check: peak memory does not grow with the input.

The solution runs on a small and a large input; the peak resident set size of
each run comes from ``wait4``, so it is the real high-water mark of the
process (and any children it waited for), not a sample.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.inputs.nginx_log import write_log
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox.limits import MIB


def peak_rss(context: CheckContext, lines: int) -> tuple[int, float]:
    log = write_log(context.sandbox.scratch / f"memory-{lines}.log", lines)
    result = context.sandbox.run(context.command("cli", log=log.path))
    log.path.unlink()
    if result.returncode != 0 or result.timed_out:
        raise SolutionError(
            f"{result.describe()} on a {lines}-line log: {result.error_tail()}"
        )
    return result.peak_rss_bytes, result.seconds


@register_check("flat-memory")
def check_flat_memory(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Pass when peak RSS(large) <= ``ratio`` x peak RSS(small) + ``slack_mib``."""
    small_lines = int(params["small_lines"])
    large_lines = int(context.options.get("large_lines", params.get("large_lines")))
    ratio, slack = float(params["ratio"]), int(params["slack_mib"]) * MIB
    small, _ = peak_rss(context, small_lines)
    large, seconds = peak_rss(context, large_lines)
    allowed = small * ratio + slack
    figures = {
        "small_lines": small_lines,
        "large_lines": large_lines,
        "small_peak_rss_mib": round(small / MIB, 1),
        "large_peak_rss_mib": round(large / MIB, 1),
        "allowed_mib": round(allowed / MIB, 1),
        "large_seconds": round(seconds, 2),
    }
    statement = (
        f"peak RSS {small / MIB:.1f} MiB at {small_lines} lines, "
        f"{large / MIB:.1f} MiB at {large_lines} lines (allowed {allowed / MIB:.1f})"
    )
    if large > allowed:
        return CheckResult.fail(statement, **figures)
    return CheckResult.ok(statement, **figures)
