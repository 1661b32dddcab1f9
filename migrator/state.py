"""What the history table records about each migration."""

from __future__ import annotations

from dataclasses import dataclass

APPLIED = "applied"
APPLYING = "applying"
FAILED = "failed"
ROLLING_BACK = "rolling-back"

# States that mean a run stopped inside the migration and a person or
# `migrator recover` has to decide how to go on.
UNFINISHED_STATES = frozenset({APPLYING, FAILED, ROLLING_BACK})


@dataclass(frozen=True)
class HistoryRow:
    """One row of ``migrator_history``.

    ``completed_steps`` counts the up steps whose effect is in the database;
    ``direction`` is the way the last run of this migration went.
    """

    service: str
    migration_id: str
    checksum: str
    state: str
    direction: str
    completed_steps: int
    total_steps: int
    started_at: str
    finished_at: str | None
    runner_id: str
    rollout_id: str

    @property
    def key(self) -> str:
        return f"{self.service}:{self.migration_id}"

    @property
    def unfinished(self) -> bool:
        return self.state in UNFINISHED_STATES


State = dict[str, HistoryRow]
