"""Rung 9, Event-sourced order system."""

from __future__ import annotations

from gauntlet.verify.constraint import NOT_BUILT, Rung, manual

RUNG = Rung(
    number=9,
    slug="event-sourced-orders",
    title="Event-sourced order system",
    asks=(
        "Domain events, snapshots, and separate read and write models kept eventually "
        "consistent."
    ),
    constraints=(
        manual(
            "stale-write-rejected",
            "Optimistic concurrency rejects a stale write.",
            NOT_BUILT,
        ),
        manual(
            "command-idempotent",
            "A repeated command is applied once.",
            NOT_BUILT,
        ),
        manual(
            "read-model-converges",
            "The read model converges after a burst of commands.",
            NOT_BUILT,
        ),
        manual(
            "chaos-harness",
            "Stretch: a chaos harness exercises failures.",
            NOT_BUILT,
        ),
    ),
    commands=frozenset({"test", "run"}),
)
