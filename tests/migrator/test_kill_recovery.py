"""SIGKILL the runner at points spread over an apply, then recover.

CI runs a few kill points per engine; ``benchmarks/rollout_kill.py`` runs
100. Each point must end, after ``migrator recover``, with every database
fully before or fully after the rollout, no step lost or run twice in the
journal, and a clean apply able to finish.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.migrator.zd_kill import kill_scenario, kill_trial, spread

KILL_POINTS = 3
ENGINES = [
    pytest.param("sqlite"),
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]
# On MariaDB every DDL statement commits at once, so the journal and the
# history row of a step are written apart. These labels are the states
# between those writes: one step of an expand/contract migration, and the
# last step of a plain SQL migration up to its migration-done entry.
MARIADB_STEP_LABELS = [
    "after journal step-begin catalog:0002_expand_title up 2",
    "after step catalog:0002_expand_title up 2",
    "after journal step-done catalog:0002_expand_title up 2",
    "after history catalog:0002_expand_title applying 2",
    "after journal step-begin orders:0002_order_notes up 2",
    "after step orders:0002_order_notes up 2",
    "after journal step-done orders:0002_order_notes up 2",
    "after history orders:0002_order_notes applying 2",
    "after history orders:0002_order_notes applied 2",
    "after journal migration-done orders:0002_order_notes up 0",
]


@pytest.mark.parametrize("engine", ENGINES)
def test_kill_then_recover(engine: str, tmp_path: Path) -> None:
    with kill_scenario(engine, tmp_path) as scenario:
        points: list[int | str] = list(spread(scenario.checkpoints, KILL_POINTS))
        if engine == "mariadb":
            points += MARIADB_STEP_LABELS
        outcomes = [kill_trial(scenario, point) for point in points]

    for outcome in outcomes:
        assert outcome.killed, outcome
        assert outcome.problems == [], outcome
        assert outcome.recovered_to in {"before", "after"}, outcome


@pytest.mark.mariadb
def test_kill_after_step_done_mariadb(tmp_path: Path) -> None:
    # The step's DDL committed and its step-done entry is in the journal,
    # but the history row still counts 0 completed steps.
    label = "after journal step-done catalog:0002_expand_title up 1"
    with kill_scenario("mariadb", tmp_path) as scenario:
        outcome = kill_trial(scenario, label)

    assert outcome.killed, outcome
    assert outcome.problems == [], outcome
    assert outcome.recovered_to == "before", outcome
