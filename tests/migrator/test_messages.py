"""Messages that count things use the singular for one and the plural otherwise."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from migrator.cli import cli
from migrator.errors import BlockedByFailure, DriftError, PlanError
from migrator.planning import plan_apply
from migrator.plural import counted, inflect
from migrator.rollback_plan import CASCADE_NONE, RollbackRequest
from migrator.state import FAILED, HistoryRow
from tests.migrator.builders import ProjectBuilder


def invoke(builder: ProjectBuilder, *arguments: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(builder.root), *arguments])


def edit(builder: ProjectBuilder, service: str, file_name: str) -> None:
    path = builder.root / "migrations" / service / file_name
    path.write_text(path.read_text() + "# edited\n")


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 waves"), (1, "1 wave"), (2, "2 waves")]
)
def test_counted_forms(count: int, expected: str) -> None:
    assert counted(count, "wave") == expected


def test_inflect_forms() -> None:
    assert inflect(1, "depends", "depend") == "depends"
    assert inflect(3, "depends", "depend") == "depend"
    assert counted(1, "step", "steps") == "1 step"


def test_one_migration_plan_singular(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")

    plan = invoke(sqlite_builder, "plan")
    dry_run = invoke(sqlite_builder, "apply", "--dry-run")
    applied = invoke(sqlite_builder, "apply")

    assert "apply 1 migration in 1 wave:" in plan.stdout
    assert "dry run: 1 migration would run" in dry_run.stdout
    assert "apply: 1 migration in 1 wave (rollout" in applied.stderr


def test_two_migrations_plan_plural(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    sqlite_builder.table_migration("app", "two")

    plan = invoke(sqlite_builder, "plan")

    assert "apply 2 migrations in 2 waves:" in plan.stdout


def test_one_drift_singular(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    assert sqlite_builder.runner().apply().ok
    edit(sqlite_builder, "app", "0001_one.toml")

    check = invoke(sqlite_builder, "check")
    status = invoke(sqlite_builder, "status")
    with pytest.raises(DriftError) as caught:
        sqlite_builder.runner().apply()
    rollback = invoke(sqlite_builder, "rollback")

    assert "1 applied migration changed since it was applied:" in check.stdout
    assert "Restore the file, or accept it with" in check.stdout
    assert "DRIFTED: one (file changed since it was applied)" in status.stdout
    assert str(caught.value).startswith(
        "an applied migration changed since it was applied: app:one;"
    )
    assert "restore the file," in str(caught.value)
    assert "the file of app:one changed since the migration was" in rollback.stderr


def test_two_drifts_plural(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    sqlite_builder.table_migration("app", "two")
    assert sqlite_builder.runner().apply().ok
    edit(sqlite_builder, "app", "0001_one.toml")
    edit(sqlite_builder, "app", "0002_two.toml")

    status = invoke(sqlite_builder, "status")
    rollback = invoke(sqlite_builder, "rollback", "--to", "base")
    text = " ".join(rollback.stderr.split())

    assert "(files changed since they were applied)" in status.stdout
    assert "the files of app:one, app:two changed since the migrations" in text
    assert "Restore the original files" in text


def test_one_dependent_singular(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "base", parent=[])
    sqlite_builder.table_migration("app", "left", parent="base")
    sqlite_builder.table_migration("app", "right", parent="base", requires=["left"])
    sqlite_builder.table_migration("other", "uses_left", requires=["app:left"])
    runner = sqlite_builder.runner()
    assert runner.apply(["app:right", "other:uses_left"]).ok

    with pytest.raises(PlanError) as no_cascade:
        runner.rollback(RollbackRequest(migration="app:left", cascade=CASCADE_NONE))
    with pytest.raises(PlanError) as foreign:
        runner.rollback(RollbackRequest(migration="app:left"))

    assert "app:right, other:uses_left depend on" in str(no_cascade.value)
    assert "roll them back first" in str(no_cascade.value)
    assert "other:uses_left in another service depends on" in str(foreign.value)
    assert "roll it back first, or pass --cascade to undo it too" in str(foreign.value)


def test_cascade_note_singular(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "base", parent=[])
    sqlite_builder.table_migration("app", "left", parent="base")
    sqlite_builder.table_migration("app", "right", parent="base", requires=["left"])
    assert sqlite_builder.runner().apply(["app:right"]).ok

    result = invoke(sqlite_builder, "rollback", "left", "--dry-run")

    assert "because it depends on what is rolled back: app:right" in result.stdout


def test_mark_applied_one_missing(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    sqlite_builder.table_migration("app", "two")

    with pytest.raises(PlanError) as caught:
        sqlite_builder.runner().mark_applied("two")

    assert "it requires app:one, which is not applied; apply or mark it first" in str(
        caught.value
    )


def test_blocked_by_one_failure(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    graph = sqlite_builder.load().graph
    row = HistoryRow(
        "app", "one", "x", FAILED, "up", 0, 1, "2024-01-01", None, "r", "o"
    )

    with pytest.raises(BlockedByFailure) as caught:
        plan_apply(graph, {"app:one": row})

    assert str(caught.value).startswith("a migration is recorded as failed")
    assert "with 0 of 1 step applied" in str(caught.value)
