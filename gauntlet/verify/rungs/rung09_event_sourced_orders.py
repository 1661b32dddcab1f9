"""Rung 9, Event-sourced order system: events, snapshots, read and write models."""

from __future__ import annotations

from gauntlet.verify.constraint import Rung, automatic, manual

RUNG = Rung(
    number=9,
    slug="event-sourced-orders",
    title="Event-sourced order system",
    asks=(
        "Domain events, snapshots, and separate read and write models kept "
        "eventually consistent, behind HTTP: `POST /orders/ID/commands` takes "
        '`{"command_id", "type": "add_item", "sku", "quantity", '
        '"expected_version"?}` and returns 2xx, or 409/412 for a stale '
        "`expected_version`; `GET /orders/ID` reads the read model "
        '`{"version", "items": {SKU: QUANTITY}}`. `commands.run` gets `{port}` '
        "and `{data_dir}` (where the event store goes)."
    ),
    constraints=(
        automatic(
            "stale-write-rejected",
            "Optimistic concurrency rejects a stale write.",
            check="stale-write-rejected",
            threshold="409 or 412 for expected_version 1 at version 2, nothing applied",
            timeout_seconds=5.0,
        ),
        automatic(
            "command-idempotent",
            "A repeated command is applied once.",
            check="command-idempotent",
            threshold="3 sends of one command_id: all 2xx, applied once",
            repeats=3,
            settle_seconds=0.5,
            timeout_seconds=3.0,
        ),
        automatic(
            "read-model-converges",
            "The read model converges after a burst of commands.",
            check="read-model-converges",
            threshold="200 commands from 4 clients over 10 orders, matched within 10 s",
            clients=4,
            commands=200,
            orders=10,
            seed=9,
            timeout_seconds=10.0,
        ),
        manual(
            "snapshots",
            "Aggregates are rebuilt from snapshots plus later events.",
            "snapshots are internal to the write model and change no answer of "
            "the API, so a person reads how aggregates are loaded",
        ),
        manual(
            "chaos-harness",
            "Stretch: a chaos harness exercises the system.",
            "whether the solution ships a chaos harness, and what it covers, is "
            "judged by reading it",
        ),
    ),
    commands=frozenset({"test", "run"}),
)
