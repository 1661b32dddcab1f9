"""Rung 6, Thread-safe stock ticker."""

from __future__ import annotations

from gauntlet.verify.constraint import NOT_BUILT, Rung, manual

RUNG = Rung(
    number=6,
    slug="stock-ticker",
    title="Thread-safe stock ticker",
    asks=(
        "A library keeps live prices from a WebSocket feed and exposes a reactive "
        "stream to its clients."
    ),
    constraints=(
        manual(
            "every-update-in-order",
            "Every subscriber sees every price update, in order.",
            NOT_BUILT,
        ),
        manual(
            "no-lost-updates",
            "No update is lost with many concurrent subscribers.",
            NOT_BUILT,
        ),
        manual(
            "latency-memory-reported",
            "Delivery latency and memory under load are measured and reported.",
            NOT_BUILT,
        ),
    ),
    commands=frozenset({"test", "run"}),
)
