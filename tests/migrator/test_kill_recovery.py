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

KILL_POINTS = 4
ENGINES = [
    pytest.param("sqlite"),
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_kill_then_recover(engine: str, tmp_path: Path) -> None:
    with kill_scenario(engine, tmp_path) as scenario:
        points = spread(scenario.checkpoints, KILL_POINTS)
        outcomes = [kill_trial(scenario, point) for point in points]

    for outcome in outcomes:
        assert outcome.killed, outcome
        assert outcome.problems == [], outcome
        assert outcome.recovered_to in {"before", "after"}, outcome
