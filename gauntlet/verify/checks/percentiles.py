"""Latency summaries with the sample size, shared by the service checks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any


def percentile(samples: Sequence[float], rank: float) -> float:
    """Return the nearest-rank ``rank`` percentile (0 < rank <= 100) of ``samples``."""
    if not samples:
        raise ValueError("percentile of an empty sample")
    ordered = sorted(samples)
    index = max(0, math.ceil(rank / 100 * len(ordered)) - 1)
    return ordered[index]


def latency_summary(seconds: Sequence[float]) -> dict[str, Any]:
    """Return p50, p99 and max in milliseconds, with the sample size."""
    return {
        "samples": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 3),
        "p99_ms": round(percentile(seconds, 99) * 1000, 3),
        "max_ms": round(max(seconds) * 1000, 3),
    }


def describe_latency(summary: dict[str, Any]) -> str:
    """Return the summary as one phrase for a check's message."""
    return (
        f"p99 {summary['p99_ms']:.2f} ms, p50 {summary['p50_ms']:.2f} ms, "
        f"max {summary['max_ms']:.2f} ms over {summary['samples']} samples"
    )
