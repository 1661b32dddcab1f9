"""Rung 6, Thread-safe stock ticker: a WebSocket price feed fanned out to clients."""

from __future__ import annotations

from gauntlet.verify.constraint import Rung, automatic

LOAD = {
    "subscribers": 8,
    "updates": 300,
    "interval_ms": 2.0,
    "timeout_seconds": 5.0,
    # Subscribers that attach and detach again while the updates flow.
    "churn": 2,
}

RUNG = Rung(
    number=6,
    slug="stock-ticker",
    title="Thread-safe stock ticker",
    asks=(
        "A library keeps live prices from a WebSocket feed and exposes a reactive "
        "stream to clients. `commands.run` gets `{feed_url}` (the verifier's feed, "
        'sending `{"symbol", "seq", "price"}` JSON messages) and `{port}`, where '
        "the solution serves its stream over WebSocket: every update goes to "
        "every connected subscriber as JSON with the same symbol, seq and price."
    ),
    constraints=(
        automatic(
            "every-update-in-order",
            "Every subscriber sees every price update, in order, with none lost "
            "under concurrent subscribers.",
            check="stream-fan-out",
            threshold=(
                "8 concurrent subscribers each get all 300 updates in feed order "
                "while 2 more attach and detach again and again"
            ),
            **LOAD,
        ),
        automatic(
            "latency-memory-reported",
            "Delivery latency and memory under load are reported.",
            check="stream-load-report",
            threshold=(
                "reported for 8 x 300 deliveries; fails only past p99 250 ms or "
                "256 MiB peak RSS"
            ),
            limit_ms=250.0,
            memory_limit_mib=256.0,
            **LOAD,
        ),
    ),
    commands=frozenset({"test", "run"}),
)
