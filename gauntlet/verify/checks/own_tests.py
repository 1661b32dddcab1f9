"""The ``own-tests`` check: the solution's own test command passes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult


@register_check("own-tests")
def check_own_tests(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Run ``commands.test``; exit 0 passes, anything else fails with its output."""
    timeout = params.get("timeout")
    result = context.sandbox.run(
        context.command("test"), timeout=float(timeout) if timeout else None
    )
    output = result.error_tail(3)
    if result.returncode != 0 or result.timed_out:
        return CheckResult.fail(
            f"{result.describe()}: {output}", seconds=round(result.seconds, 3)
        )
    return CheckResult.ok(
        f"tests passed in {result.seconds:.1f} s: {output}",
        seconds=round(result.seconds, 3),
    )
