"""Each step of a two-service rollout fails once; the rollback restores all.

The rollout renames a column in the catalog service (expand, then backfill)
and changes three things in the orders service that require it. For every
up step, one run of ``migrator apply`` gets an injected failure at that
step (``MIGRATOR_FAULTS=fail-on=<checkpoint label>``). After the automatic
rollback, the schema and rows of both databases must equal their state
before the rollout, and the journal must agree with the history.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.migrator.zd_databases import Database, temporary_database
from tests.migrator.zd_dump import dump
from tests.migrator.zd_journal import replay
from tests.migrator.zd_projects import (
    migrator,
    write_services_project,
    write_services_rollout,
)

ENGINES = [
    pytest.param("sqlite"),
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


@contextlib.contextmanager
def two_databases(engine: str, folder: Path) -> Iterator[dict[str, Database]]:
    with (
        temporary_database(engine, folder) as catalog,
        temporary_database(engine, folder) as orders,
    ):
        yield {"catalog": catalog, "orders": orders}


def step_labels(trace: Path, position: str) -> list[str]:
    """Return the ``before``/``after`` labels of every up step in a trace."""
    labels = []
    for line in trace.read_text(encoding="utf-8").splitlines():
        label = line.split("\t", 1)[1]
        if label.startswith(f"{position} step ") and " up " in label:
            labels.append(label)
    return labels


def run_clean(project: Path, trace: Path) -> None:
    result = migrator(project, "apply", faults=f"trace={trace}")
    assert result.returncode == 0, result.stderr


def undo_rollout(project: Path) -> None:
    for service, base in (("orders", "0001_orders"), ("catalog", "0001_items")):
        result = migrator(project, "rollback", "--service", service, "--to", base)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_every_step_fails_once(engine: str, tmp_path: Path) -> None:
    with two_databases(engine, tmp_path) as databases:
        project = write_services_project(
            tmp_path / "project", engine, databases["catalog"], databases["orders"]
        )
        first = migrator(project, "apply")
        assert first.returncode == 0, first.stderr
        before = {name: dump(database) for name, database in databases.items()}

        write_services_rollout(project, engine)
        trace = tmp_path / "trace.tsv"
        run_clean(project, trace)
        after = {name: dump(database) for name, database in databases.items()}
        undo_rollout(project)
        labels = step_labels(trace, "before") + step_labels(trace, "after")
        assert labels, trace.read_text(encoding="utf-8")

        for label in labels:
            result = migrator(project, "apply", faults=f"fail-on={label}")
            assert result.returncode == 1, (label, result.stdout, result.stderr)
            for name, database in databases.items():
                assert dump(database) == before[name], (label, name, result.stderr)
                assert replay(database).problems == [], (label, name)

        final = migrator(project, "apply")
        assert final.returncode == 0, final.stderr
        for name, database in databases.items():
            assert dump(database) == after[name], name
