"""Two runners at once apply once; a runner killed holding a lock frees it.

Both ``migrator apply`` processes start together on the same project. The
journal must show exactly one rollout that ran steps, and the other
process must exit 0 saying there is nothing to do. A runner killed with
SIGKILL while it holds the locks must not stop the next run for longer
than ``lock_timeout``: the next command must take the locks and finish.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrator.zd_databases import query
from tests.migrator.zd_dump import dump
from tests.migrator.zd_journal import replay
from tests.migrator.zd_kill import kill_scenario, spread
from tests.migrator.zd_projects import ROOT, migrator

ENGINES = [
    pytest.param("sqlite"),
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]
ROLLOUTS_WITH_STEPS = (
    "SELECT COUNT(DISTINCT rollout_id) FROM migrator_journal"
    " WHERE event = 'step-done' AND direction = 'up'"
    " AND migration_id IN ('0002_expand_title', '0002_order_notes')"
)


def start_apply(project: Path) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if k != "MIGRATOR_FAULTS"}
    return subprocess.Popen(
        [sys.executable, "-m", "migrator", "--project", str(project), "apply"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_two_runners_apply_once(engine: str, tmp_path: Path) -> None:
    with kill_scenario(engine, tmp_path) as scenario:
        runners = [start_apply(scenario.project) for _ in range(2)]
        outputs = [runner.communicate(timeout=120) for runner in runners]
        codes = [runner.returncode for runner in runners]
        counts = {
            name: query(database.url, ROLLOUTS_WITH_STEPS)[0][0]
            for name, database in scenario.databases.items()
        }
        dumps = {name: dump(database) for name, database in scenario.databases.items()}
        problems = {
            name: replay(database).problems
            for name, database in scenario.databases.items()
        }

    assert codes == [0, 0], outputs
    assert sum("nothing to do" in out + err for out, err in outputs) == 1, outputs
    assert counts == {"catalog": 1, "orders": 1}
    assert dumps == scenario.after
    assert problems == {"catalog": [], "orders": []}


@pytest.mark.parametrize("engine", ENGINES)
def test_killed_lock_holder_frees_lock(engine: str, tmp_path: Path) -> None:
    with kill_scenario(engine, tmp_path) as scenario:
        middle = spread(scenario.checkpoints, 3)[1]
        killed = migrator(scenario.project, "apply", faults=f"kill-at={middle}")
        recovered = migrator(scenario.project, "recover")
        finished = migrator(scenario.project, "apply")
        dumps = {name: dump(database) for name, database in scenario.databases.items()}

    assert killed.returncode == -signal.SIGKILL
    assert recovered.returncode == 0, recovered.stderr
    assert finished.returncode == 0, finished.stderr
    assert dumps == scenario.after
