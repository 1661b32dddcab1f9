"""Call a solution's function and print what it returned or how long it took.

Usage::

    python -m gauntlet.verify.harness.call values MODULE FUNCTION START STOP
    python -m gauntlet.verify.harness.call latency MODULE FUNCTION CALLS EVERY

Run with the solution's folder as the working directory. Prints one JSON
object on stdout.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

WARMUP_CALLS = 2_000


def load(module: str, function: str) -> Callable[[int], Any]:
    sys.path.insert(0, ".")
    target: Callable[[int], Any] = getattr(importlib.import_module(module), function)
    return target


def values(target: Callable[[int], Any], start: int, stop: int) -> dict[str, Any]:
    return {"values": [str(target(n)) for n in range(start, stop + 1)]}


def timer_overhead_ns(samples: int = 2_000) -> int:
    """Return the median cost of one back-to-back ``perf_counter_ns`` pair."""
    costs = []
    for _ in range(samples):
        before = time.perf_counter_ns()
        after = time.perf_counter_ns()
        costs.append(after - before)
    return sorted(costs)[samples // 2]


def latency(target: Callable[[int], Any], calls: int, every: int) -> dict[str, Any]:
    """Time each ``every``-th call (the 7th, 14th, ... for 7), n counting from 1.

    The warm-up is a whole number of cycles of ``every`` calls, so a solution
    that counts its own calls sees the timed ones as its every-``every``-th.
    """
    warmup = every * -(-WARMUP_CALLS // every)
    for n in range(1, warmup + 1):
        target(n)
    overhead = timer_overhead_ns()
    timed = []
    clock = time.perf_counter_ns
    gc.disable()  # a collection pause is the runtime's, not the solution's
    try:
        for n in range(1, calls + 1):
            if n % every:
                target(n)
                continue
            before = clock()
            target(n)
            timed.append(clock() - before - overhead)
    finally:
        gc.enable()
    return {"samples_ns": timed, "timer_overhead_ns": overhead}


def main(argv: list[str]) -> int:
    mode, module, function, first, second = argv
    target = load(module, function)
    if mode == "values":
        payload = values(target, int(first), int(second))
    else:
        payload = latency(target, int(first), int(second))
    json.dump(payload, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
