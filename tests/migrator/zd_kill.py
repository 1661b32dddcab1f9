"""SIGKILL the runner at chosen checkpoints, recover, and judge the result.

One trial: ``migrator apply`` with ``MIGRATOR_FAULTS=kill-at=N`` dies at its
N-th checkpoint (before or after a step, a journal entry or a history
write), or with ``kill-on=LABEL`` at the checkpoint of that label.
``migrator recover`` then has to leave every database as it was before the
rollout or as a clean apply leaves it, with a journal that shows no step
lost or run twice. A clean ``apply`` must then finish the rollout,
and the rollback that follows prepares the next trial.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.migrator.zd_databases import Database, temporary_database
from tests.migrator.zd_dump import Dump, dump
from tests.migrator.zd_journal import replay
from tests.migrator.zd_projects import (
    migrator,
    write_services_project,
    write_services_rollout,
)


@dataclass
class KillOutcome:
    """What one kill point led to."""

    point: int | str
    killed: bool
    recovered_to: str  # "before", "after" or "neither"
    problems: list[str] = field(default_factory=list)


@dataclass
class KillScenario:
    """A two-service project with its base applied and both reference dumps."""

    project: Path
    databases: dict[str, Database]
    before: dict[str, Dump]
    after: dict[str, Dump]
    checkpoints: int


@contextlib.contextmanager
def kill_scenario(
    engine: str, folder: Path, extra_steps: int = 0
) -> Iterator[KillScenario]:
    """Set up the project, count the rollout's checkpoints, then undo it."""
    with (
        temporary_database(engine, folder) as catalog,
        temporary_database(engine, folder) as orders,
    ):
        databases = {"catalog": catalog, "orders": orders}
        project = write_services_project(folder / "project", engine, catalog, orders)
        _check(migrator(project, "apply"), "apply the base migrations")
        before = {name: dump(database) for name, database in databases.items()}
        write_services_rollout(project, engine, extra_steps)
        trace = folder / "trace.tsv"
        _check(migrator(project, "apply", faults=f"trace={trace}"), "trace the rollout")
        checkpoints = len(trace.read_text(encoding="utf-8").splitlines())
        after = {name: dump(database) for name, database in databases.items()}
        undo_rollout(project)
        yield KillScenario(project, databases, before, after, checkpoints)


def spread(total: int, count: int) -> list[int]:
    """Return ``count`` checkpoint numbers spread evenly over 1..total."""
    if count >= total:
        return list(range(1, total + 1))
    return sorted({1 + round(i * (total - 1) / (count - 1)) for i in range(count)})


def undo_rollout(project: Path) -> None:
    for service, base in (("orders", "0001_orders"), ("catalog", "0001_items")):
        _check(
            migrator(project, "rollback", "--service", service, "--to", base),
            f"roll {service} back to {base}",
        )


def kill_trial(
    scenario: KillScenario, point: int | str, *, finish: bool = True
) -> KillOutcome:
    """Kill the apply at ``point``, recover, check, then reset for the next.

    ``point`` is a checkpoint number or a checkpoint label such as
    ``"after step catalog:0002_expand_title up 1"``.
    With ``finish`` a clean apply must then complete the rollout, and it is
    undone again. Without it, a recovery that ended before the rollout is
    already the reset state, so the trial saves three runs.
    """
    setting = f"kill-on={point}" if isinstance(point, str) else f"kill-at={point}"
    killed = migrator(scenario.project, "apply", faults=setting)
    outcome = KillOutcome(point, killed.returncode == -signal.SIGKILL, "neither")
    recovered = migrator(scenario.project, "recover")
    if recovered.returncode != 0:
        outcome.problems.append(
            f"recover exited {recovered.returncode}: {recovered.stderr}"
        )
    states = set()
    for name, database in scenario.databases.items():
        current = dump(database)
        if current == scenario.before[name]:
            states.add("before")
        elif current == scenario.after[name]:
            states.add("after")
        else:
            states.add("neither")
            outcome.problems.append(f"{name}: schema or rows match neither state")
        outcome.problems += [f"{name}: {text}" for text in replay(database).problems]
    outcome.recovered_to = states.pop() if len(states) == 1 else "mixed"
    if not finish:
        if outcome.recovered_to != "before":
            undo_rollout(scenario.project)
        return outcome
    finish_run = migrator(scenario.project, "apply")
    if finish_run.returncode != 0:
        outcome.problems.append(
            f"apply after recover exited {finish_run.returncode}: {finish_run.stderr}"
        )
    for name, database in scenario.databases.items():
        if dump(database) != scenario.after[name]:
            outcome.problems.append(
                f"{name}: apply after recover did not finish the rollout"
            )
    undo_rollout(scenario.project)
    return outcome


def _check(result: object, what: str) -> None:
    returncode = getattr(result, "returncode", None)
    if returncode != 0:
        raise RuntimeError(f"could not {what}: {getattr(result, 'stderr', '')}")
