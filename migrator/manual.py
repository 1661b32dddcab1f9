"""Manual fixes (mark-applied, repair) and drift checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from migrator import history
from migrator.errors import PlanError
from migrator.plural import inflect
from migrator.state import APPLIED, HistoryRow, State

if TYPE_CHECKING:
    from migrator.graph import MigrationGraph
    from migrator.runner import Runner


@dataclass(frozen=True)
class Drift:
    """An applied migration whose file no longer matches its checksum."""

    key: str
    path: str
    recorded: str
    current: str


def find_drift(graph: MigrationGraph, state: State) -> list[Drift]:
    """Return every drifted migration, sorted by key (not only the first)."""
    drifted = []
    for key, row in sorted(state.items()):
        if key not in graph.graph:
            continue
        migration = graph.migration(key)
        if row.checksum != migration.checksum:
            drifted.append(Drift(key, migration.path, row.checksum, migration.checksum))
    return drifted


def mark_applied(runner: Runner, name: str) -> str:
    """Record ``name`` as applied with its current checksum; return its key.

    Rejects a migration whose requirements are not all applied.
    """
    key = runner.graph.resolve(name)
    migration = runner.graph.migration(key)
    with runner.databases(read_only=False) as databases:
        state = databases.read_state()
        missing = sorted(
            parent
            for parent in runner.graph.predecessors[key]
            if parent not in state or state[parent].state != APPLIED
        )
        if missing:
            which = inflect(
                len(missing),
                "which is not applied; apply or mark it first",
                "which are not applied; apply or mark those first",
            )
            raise PlanError(
                f"cannot mark {key} applied: it requires {', '.join(missing)}, {which}"
            )
        now = history.timestamp()
        row = HistoryRow(
            migration.service,
            migration.id,
            migration.checksum,
            APPLIED,
            "up",
            len(migration.steps),
            len(migration.steps),
            now,
            now,
            runner.runner_id,
            "mark-applied",
        )
        history.write_row(
            databases.backend(migration.service), row, exists=key in state
        )
    return key


def repair(runner: Runner, name: str) -> Drift | None:
    """Store the current checksum of one migration; return the drift fixed."""
    key = runner.graph.resolve(name)
    migration = runner.graph.migration(key)
    with runner.databases(read_only=False) as databases:
        state = databases.read_state()
        if key not in state:
            raise PlanError(f"{key} is not applied, so there is no checksum to repair")
        row = state[key]
        if row.checksum == migration.checksum:
            return None
        history.update_checksum(
            databases.backend(migration.service),
            migration.service,
            migration.id,
            migration.checksum,
        )
        return Drift(key, migration.path, row.checksum, migration.checksum)
