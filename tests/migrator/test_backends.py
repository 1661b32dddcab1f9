"""Connecting: unreachable servers and rejected credentials stop the run."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from migrator.cli import cli
from migrator.errors import ConnectionFailed
from tests.migrator.builders import ProjectBuilder


def closed_port() -> int:
    """Return a loopback port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_unreachable_server_exit_two(
    sqlite_builder: ProjectBuilder, scheme: str
) -> None:
    sqlite_builder.table_migration("local", "one")
    sqlite_builder.service("remote", f"{scheme}://root@127.0.0.1:{closed_port()}/app")
    sqlite_builder.table_migration("remote", "one")

    result = CliRunner().invoke(cli, ["--project", str(sqlite_builder.root), "apply"])

    assert result.exit_code == 2
    assert "service 'remote'" in result.stderr
    assert "cannot connect" in result.stderr
    assert "Traceback" not in result.output
    assert not list(sqlite_builder.root.glob("*.sqlite3"))


@pytest.mark.mariadb
def test_wrong_password_exit_two(
    sqlite_builder: ProjectBuilder, mariadb_url_factory: Callable[[], str]
) -> None:
    url = mariadb_url_factory().replace("root@", "root:wrong-password@")
    sqlite_builder.service("app", url)
    sqlite_builder.table_migration("app", "one")

    result = CliRunner().invoke(cli, ["--project", str(sqlite_builder.root), "apply"])

    assert result.exit_code == 2
    assert "Access denied" in result.stderr
    assert "wrong-password" not in result.output


@pytest.mark.postgres
def test_missing_postgres_database(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.service(
        "app", "postgresql://postgres@127.0.0.1:5432/mg_does_not_exist"
    )
    sqlite_builder.table_migration("app", "one")

    with pytest.raises(ConnectionFailed) as caught:
        sqlite_builder.runner().apply()

    assert "mg_does_not_exist" in str(caught.value)


def test_history_tables_created(builder: ProjectBuilder) -> None:
    builder.table_migration("app", "one")
    runner = builder.runner()

    runner.apply()

    with runner.databases(read_only=True) as databases:
        backend = databases.backend("app")
        assert backend.table_exists("migrator_history")
        assert backend.table_exists("migrator_journal")
        events = backend.query("SELECT event FROM migrator_journal ORDER BY entry_id")
    assert [event for (event,) in events] == [
        "rollout-start",
        "step-begin",
        "step-done",
        "migration-done",
        "rollout-end",
    ]


def test_history_row_fields(builder: ProjectBuilder) -> None:
    builder.table_migration("app", "one")
    runner = builder.runner(runner_id="runner-under-test")

    runner.apply()
    row = runner.read_state()["app:one"]

    assert row.state == "applied"
    assert row.completed_steps == 1
    assert row.total_steps == 1
    assert row.runner_id == "runner-under-test"
    assert row.checksum == runner.graph.migration("app:one").checksum
    assert row.started_at.endswith("+00:00")
    assert row.finished_at is not None


def test_plan_reads_without_creating(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")

    plan = sqlite_builder.runner().plan_apply()

    assert plan.keys == ["app:one"]
    assert not list(sqlite_builder.root.glob("*.sqlite3"))
