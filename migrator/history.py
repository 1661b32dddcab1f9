"""The history and journal tables, on any backend.

``migrator_history`` has one row per migration whose effect is (partly) in
the database; rows of fully undone migrations are deleted. ``migrator_journal``
is append-only: an entry before and after each step, plus the start and the
end of each rollout, so ``migrator recover`` can tell what a dead run did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from migrator import faults
from migrator.backends.base import Backend
from migrator.clock import utc_now
from migrator.state import HistoryRow

HISTORY_TABLE = "migrator_history"
JOURNAL_TABLE = "migrator_journal"

_HISTORY_COLUMNS = (
    "service, migration_id, checksum, state, direction, completed_steps, "
    "total_steps, started_at, finished_at, runner_id, rollout_id"
)


@dataclass(frozen=True)
class JournalEntry:
    """One line of ``migrator_journal``.

    ``sequence`` orders the entries of one rollout across every database;
    ``event`` is one of rollout-start, rollout-end, step-begin, step-done,
    migration-done, migration-failed.
    """

    rollout_id: str
    runner_id: str
    sequence: int
    event: str
    service: str = ""
    migration_id: str = ""
    direction: str = ""
    step: int = 0
    detail: str = ""
    at: str = ""

    def detail_json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.detail) if self.detail else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def timestamp() -> str:
    return utc_now().isoformat(timespec="microseconds")


def ensure_tables(backend: Backend) -> None:
    """Create the history and journal tables when they are missing."""
    text = "VARCHAR(200)"
    if not backend.table_exists(HISTORY_TABLE):
        backend.execute(
            f"CREATE TABLE {HISTORY_TABLE} (service {text} NOT NULL, "
            f"migration_id {text} NOT NULL, checksum VARCHAR(64) NOT NULL, "
            "state VARCHAR(20) NOT NULL, direction VARCHAR(4) NOT NULL, "
            "completed_steps INTEGER NOT NULL, total_steps INTEGER NOT NULL, "
            "started_at VARCHAR(40) NOT NULL, finished_at VARCHAR(40), "
            f"runner_id {text} NOT NULL, rollout_id VARCHAR(64) NOT NULL, "
            "PRIMARY KEY (service, migration_id))"
        )
    if not backend.table_exists(JOURNAL_TABLE):
        backend.execute(
            f"CREATE TABLE {JOURNAL_TABLE} (entry_id {backend.autoincrement_column()}, "
            f"rollout_id VARCHAR(64) NOT NULL, runner_id {text} NOT NULL, "
            "sequence_number INTEGER NOT NULL, event VARCHAR(20) NOT NULL, "
            f"service {text} NOT NULL, migration_id {text} NOT NULL, "
            "direction VARCHAR(4) NOT NULL, step INTEGER NOT NULL, "
            "detail TEXT NOT NULL, recorded_at VARCHAR(40) NOT NULL)"
        )


def read_history(backend: Backend) -> list[HistoryRow]:
    """Return every history row; an empty list when the table is missing."""
    if not backend.table_exists(HISTORY_TABLE):
        return []
    rows = backend.query(f"SELECT {_HISTORY_COLUMNS} FROM {HISTORY_TABLE}")
    return [HistoryRow(*row) for row in rows]


def write_row(backend: Backend, row: HistoryRow, *, exists: bool) -> None:
    """Insert or update ``row`` (one statement, so a kill never loses it)."""
    label = f"history {row.key} {row.state} {row.completed_steps}"
    faults.checkpoint(f"before {label}")
    if exists:
        backend.execute(
            f"UPDATE {HISTORY_TABLE} SET checksum = ?, state = ?, direction = ?, "
            "completed_steps = ?, total_steps = ?, started_at = ?, finished_at = ?, "
            "runner_id = ?, rollout_id = ? WHERE service = ? AND migration_id = ?",
            (
                row.checksum,
                row.state,
                row.direction,
                row.completed_steps,
                row.total_steps,
                row.started_at,
                row.finished_at,
                row.runner_id,
                row.rollout_id,
                row.service,
                row.migration_id,
            ),
        )
    else:
        backend.execute(
            f"INSERT INTO {HISTORY_TABLE} ({_HISTORY_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.service,
                row.migration_id,
                row.checksum,
                row.state,
                row.direction,
                row.completed_steps,
                row.total_steps,
                row.started_at,
                row.finished_at,
                row.runner_id,
                row.rollout_id,
            ),
        )
    faults.checkpoint(f"after {label}")


def delete_row(backend: Backend, service: str, migration_id: str) -> None:
    label = f"history {service}:{migration_id} delete"
    faults.checkpoint(f"before {label}")
    backend.execute(
        f"DELETE FROM {HISTORY_TABLE} WHERE service = ? AND migration_id = ?",
        (service, migration_id),
    )
    faults.checkpoint(f"after {label}")


def update_checksum(
    backend: Backend, service: str, migration_id: str, checksum: str
) -> None:
    backend.execute(
        f"UPDATE {HISTORY_TABLE} SET checksum = ? WHERE service = ? AND "
        "migration_id = ?",
        (checksum, service, migration_id),
    )


def append_journal(backend: Backend, entry: JournalEntry) -> None:
    """Append ``entry`` to the journal, between two checkpoints."""
    label = (
        f"journal {entry.event} {entry.service}:{entry.migration_id} "
        f"{entry.direction} {entry.step}".rstrip()
    )
    faults.checkpoint(f"before {label}")
    backend.execute(
        f"INSERT INTO {JOURNAL_TABLE} (rollout_id, runner_id, sequence_number, event, "
        "service, migration_id, direction, step, detail, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry.rollout_id,
            entry.runner_id,
            entry.sequence,
            entry.event,
            entry.service,
            entry.migration_id,
            entry.direction,
            entry.step,
            entry.detail,
            entry.at or timestamp(),
        ),
    )
    faults.checkpoint(f"after {label}")


def read_journal(
    backend: Backend, *, rollouts_only: bool = False
) -> list[JournalEntry]:
    """Return the journal in the order it was written.

    ``rollouts_only`` keeps only the rollout-start and rollout-end entries.
    """
    if not backend.table_exists(JOURNAL_TABLE):
        return []
    where = "WHERE event IN ('rollout-start', 'rollout-end') " if rollouts_only else ""
    rows = backend.query(
        "SELECT rollout_id, runner_id, sequence_number, event, service, migration_id, "
        f"direction, step, detail, recorded_at FROM {JOURNAL_TABLE} {where}"
        "ORDER BY entry_id"
    )
    return [JournalEntry(*row) for row in rows]
