"""Latency summaries with the sample size, shared by the service checks."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any


def percentile(samples: Sequence[float], rank: float) -> float:
    """Return the nearest-rank ``rank`` percentile (0 < rank <= 100) of ``samples``."""
    if not samples:
        raise ValueError("percentile of an empty sample")
    ordered = sorted(samples)
    index = max(0, math.ceil(rank / 100 * len(ordered)) - 1)
    return ordered[index]


def latency_summary(
    seconds: Sequence[float], ranks: Sequence[float] = (50.0, 99.0)
) -> dict[str, Any]:
    """Return percentiles and the max in milliseconds, with the sample size.

    Keys are ``samples``, ``p<rank>_ms`` (``p50_ms``, ``p99_ms``, ...) and ``max_ms``.
    """
    summary: dict[str, Any] = {"samples": len(seconds)}
    for rank in sorted({50.0, 99.0, *ranks}):
        summary[f"p{rank:g}_ms"] = round(percentile(seconds, rank) * 1000, 3)
    summary["max_ms"] = round(max(seconds) * 1000, 3)
    return summary


def describe_latency(summary: dict[str, Any]) -> str:
    """Return the summary as one phrase for a check's message."""
    return (
        f"p99 {summary['p99_ms']:.2f} ms, p50 {summary['p50_ms']:.2f} ms, "
        f"max {summary['max_ms']:.2f} ms over {summary['samples']} samples"
    )


def best_round(
    measure: Callable[[], list[float]], rounds: int, rank: float, limit_ms: float
) -> dict[str, Any]:
    """Measure up to ``rounds`` rounds, stopping at the first under ``limit_ms``.

    One round on a shared machine can catch another process's burst of work,
    so a timing constraint gets a few tries. Returns the best round's summary
    (see ``latency_summary``) with ``rounds_ms``, every round's percentile.
    """
    key = f"p{rank:g}_ms"
    best: dict[str, Any] | None = None
    tried: list[float] = []
    for _ in range(max(1, rounds)):
        samples = measure()
        if not samples:
            break
        summary = latency_summary(samples, (rank,))
        tried.append(summary[key])
        if best is None or summary[key] < best[key]:
            best = summary
        if summary[key] < limit_ms:
            break
    if best is None:
        raise ValueError("no latency samples were measured")
    best["rounds_ms"] = tried
    return best


def describe_rounds(summary: dict[str, Any]) -> str:
    """Return the rounds of ``best_round`` as a phrase, empty for a single round."""
    rounds = summary.get("rounds_ms", [])
    if len(rounds) < 2:
        return ""
    listed = ", ".join(f"{value:.2f}" for value in rounds)
    return f" (best of {len(rounds)} rounds: {listed} ms)"
