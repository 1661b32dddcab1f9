"""The ``flat-memory`` check: peak memory does not grow with the input.

The solution runs on a small and a large input; the peak resident set size of
each run comes from ``wait4``, so it is the real high-water mark of the
process (and any children it waited for), not a sample.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.inputs.nginx_log import write_log
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox.limits import MIB


def nginx_log(folder: Path, size: int) -> tuple[str, Path]:
    path = folder / f"access-{size}.log"
    write_log(path, size)
    return "log", path


# Input generators by name: each writes an input of ``size`` units into the
# folder and returns the placeholder to pass it as, with its path.
INPUTS: dict[str, Callable[[Path, int], tuple[str, Path]]] = {"nginx-log": nginx_log}


def peak_rss(context: CheckContext, input_name: str, size: int) -> tuple[int, float]:
    placeholder, path = INPUTS[input_name](context.sandbox.scratch, size)
    result = context.sandbox.run(context.command("cli", **{placeholder: path}))
    path.unlink()
    if result.returncode != 0 or result.timed_out:
        raise SolutionError(
            f"{result.describe()} on a {input_name} of size {size}: "
            f"{result.error_tail()}"
        )
    return result.peak_rss_bytes, result.seconds


@register_check("flat-memory")
def check_flat_memory(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Pass when peak RSS(large) <= ``ratio`` x peak RSS(small) + ``slack_mib``.

    ``input`` names the generator (default ``nginx-log``, sizes in lines);
    the large size is ``options.large_lines`` or ``params["large_lines"]``.
    """
    small_lines = int(params["small_lines"])
    large_lines = int(context.options.get("large_lines", params.get("large_lines")))
    ratio, slack = float(params["ratio"]), int(params["slack_mib"]) * MIB
    input_name = str(params.get("input", "nginx-log"))
    small, _ = peak_rss(context, input_name, small_lines)
    large, seconds = peak_rss(context, input_name, large_lines)
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
