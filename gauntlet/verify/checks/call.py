"""Checks that import the solution's function in a harness process and call it."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import ManifestError, SolutionError
from gauntlet.verify.manifest import manifest_error
from gauntlet.verify.result import CheckResult


def fizzbuzz(n: int) -> str:
    if n % 15 == 0:
        return "FizzBuzz"
    if n % 3 == 0:
        return "Fizz"
    if n % 5 == 0:
        return "Buzz"
    return str(n)


# Reference functions a ``call-output`` constraint compares against, by name.
REFERENCES: dict[str, Callable[[int], str]] = {"fizzbuzz": fizzbuzz}


def run_harness(context: CheckContext, *args: object) -> dict[str, Any]:
    call = context.manifest.call
    if call is None:
        raise manifest_error(
            context.manifest.path, "missing table 'call'; this rung calls a function"
        )
    argv = [
        sys.executable,
        "-m",
        "gauntlet.verify.harness.call",
        str(args[0]),
        call.module,
        call.function,
        *(str(arg) for arg in args[1:]),
    ]
    result = context.sandbox.run(argv)
    if result.returncode != 0:
        raise SolutionError(
            f"calling {call.module}.{call.function} failed: {result.describe()}: "
            f"{result.stderr.strip()[-800:]}"
        )
    try:
        payload: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError as err:
        raise SolutionError(
            f"the call harness printed invalid JSON; does the solution print "
            f"on import? {err}"
        ) from err
    return payload


@register_check("call-output")
def check_call_output(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Compare the function's value for every n in [start, stop] with a reference."""
    reference = REFERENCES[params["expected"]]
    start, stop = int(params["start"]), int(params["stop"])
    values = run_harness(context, "values", start, stop)["values"]
    for n, value in zip(range(start, stop + 1), values, strict=False):
        expected = reference(n)
        if value != expected:
            return CheckResult.fail(
                f"wrong value for n={n}: got {value!r}, expected {expected!r}",
                checked=n - start + 1,
                first_wrong=n,
            )
    return CheckResult.ok(f"all {stop - start + 1} values from {start} to {stop} right")


def percentile(samples: list[int], rank: float) -> float:
    """Return the ``rank`` percentile by the nearest-rank method."""
    ordered = sorted(samples)
    index = max(0, math.ceil(rank / 100 * len(ordered)) - 1)
    return float(ordered[index])


@register_check("call-latency")
def check_call_latency(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Time every Nth call and compare a percentile with ``latency_limit_ns``."""
    every, calls = int(params["every"]), int(params["calls"])
    rank = float(params["percentile"])
    limit = float(context.options.get("latency_limit_ns", params.get("limit_ns", 0)))
    if limit <= 0:
        raise ManifestError("call-latency needs a positive latency limit")
    payload = run_harness(context, "latency", calls, every)
    samples: list[int] = payload["samples_ns"]
    observed = percentile(samples, rank)
    figures = {
        "samples": len(samples),
        "percentile": rank,
        "observed_ns": observed,
        "median_ns": percentile(samples, 50.0),
        "max_ns": float(max(samples)),
        "limit_ns": limit,
        "timer_overhead_ns": payload["timer_overhead_ns"],
    }
    statement = (
        f"p{rank:g} of every {every}th call is {observed:.0f} ns over "
        f"{len(samples)} timed calls (limit {limit:.0f} ns, timer overhead "
        f"{payload['timer_overhead_ns']} ns subtracted)"
    )
    if observed > limit:
        return CheckResult.fail(statement, **figures)
    return CheckResult.ok(statement, **figures)
