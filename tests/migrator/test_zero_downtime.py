"""Rollouts under live load: an old and a new client process never fail.

The old client runs from before expand until the end of the backfill, the
new one from the end of expand. A forward rollout retires the old client
before contract; a rollback retires the new client before undoing expand.
Each client inserts, updates and reads back rows in a loop, and every row
must hold its last written value at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.migrator.zd_databases import temporary_database
from tests.migrator.zd_projects import (
    timed_migrator,
    write_accounts_rollout,
    write_project,
)
from tests.migrator.zd_rollout import run_under_load

SEED_ROWS = 300
BATCH_SIZE = 50
ENGINES = [
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("mode", ["forward", "rollback"])
def test_rollout_under_load(engine: str, mode: str, tmp_path: Path) -> None:
    with temporary_database(engine, tmp_path) as database:
        project = write_project(tmp_path / "project", {"accounts": database})
        write_accounts_rollout(project, "accounts", BATCH_SIZE)

        def apply_phase(phase: str) -> float:
            return timed_migrator(project, "apply", "--phase", phase)

        def rollback(phase: str) -> float:
            del phase
            return timed_migrator(project, "rollback", "--to", "base")

        result = run_under_load(
            database,
            tmp_path / "control",
            apply_phase,
            rollback if mode == "rollback" else None,
            SEED_ROWS,
        )

    errors = [error for report in result.reports.values() for error in report["errors"]]
    assert result.failed_queries == 0, errors
    assert result.missing == []
    assert result.wrong == []
    assert result.reports["old"]["queries"] > 0
    assert result.reports["new"]["queries"] > 0
