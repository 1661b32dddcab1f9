"""Rung 8, Self-healing bot."""

from __future__ import annotations

from gauntlet.verify.constraint import NOT_BUILT, Rung, manual

RUNG = Rung(
    number=8,
    slug="self-healing-bot",
    title="Self-healing bot",
    asks=(
        "A service that watches processes' CPU and memory, restarts misbehaving ones "
        "and exports metrics for Prometheus."
    ),
    constraints=(
        manual(
            "over-limit-restarted",
            "A process that exceeds its memory or CPU limit is restarted.",
            NOT_BUILT,
        ),
        manual(
            "prometheus-format",
            "The metrics endpoint serves valid Prometheus exposition format.",
            NOT_BUILT,
        ),
        manual(
            "structured-logs",
            "The service writes structured logs.",
            NOT_BUILT,
        ),
    ),
    commands=frozenset({"test", "run"}),
)
