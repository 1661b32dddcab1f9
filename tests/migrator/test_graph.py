"""Loading the migration graph: cycles, self-loops, references, heads."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.errors import GraphError, PlanError
from migrator.planning import plan_apply
from tests.migrator.builders import ProjectBuilder


def test_cycle_and_self_loop_named(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "r1", parent=[])
    sqlite_builder.migration("app", "r2", parent=["r1", "r3"])
    sqlite_builder.migration("app", "r3", parent="r2")
    sqlite_builder.migration("app", "r4", parent="r4")

    with pytest.raises(GraphError) as caught:
        sqlite_builder.load()

    message = str(caught.value)
    assert "r2 -> r3 -> r2" in message
    assert "self-loop: r4" in message
    assert "dependency edges" not in message


def test_cycle_rejected_before_sql(sqlite_builder: ProjectBuilder) -> None:
    from click.testing import CliRunner

    from migrator.cli import cli

    sqlite_builder.migration("app", "r1", parent=[])
    sqlite_builder.migration("app", "r2", parent=["r1", "r3"])
    sqlite_builder.migration("app", "r3", parent="r2")

    result = CliRunner().invoke(cli, ["--project", str(sqlite_builder.root), "apply"])

    assert result.exit_code == 2
    assert "r2 -> r3 -> r2" in result.stderr
    assert not list(sqlite_builder.root.glob("*.sqlite3"))


def test_requires_cycle_says_dependency(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "a1", parent=[], requires=["app:a2"])
    sqlite_builder.migration("app", "a2", parent=[], requires=["a1"])

    with pytest.raises(GraphError) as caught:
        sqlite_builder.load()

    assert "a1 -> a2 -> a1" in str(caught.value)
    assert "dependency edges" in str(caught.value)


def test_cross_service_requires_cycle(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("billing", "b1", requires=["ledger:l1"])
    sqlite_builder.migration("ledger", "l1", requires=["billing:b1"])

    with pytest.raises(GraphError) as caught:
        sqlite_builder.load()

    assert "billing:b1 -> ledger:l1 -> billing:b1" in str(caught.value)
    assert "dependency edges" in str(caught.value)


def test_unknown_reference_named(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "a1")
    sqlite_builder.migration("app", "a2", requires=["billing:b9", "a7"])

    with pytest.raises(GraphError) as caught:
        sqlite_builder.load()

    assert "'billing:b9'" in str(caught.value)
    assert "'app:a7'" in str(caught.value)
    assert "0002_a2.toml" in str(caught.value)


def test_duplicate_id_named(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "a1")
    sqlite_builder.migration("app", "a1", parent=[])

    with pytest.raises(GraphError) as caught:
        sqlite_builder.load()

    assert "duplicate migration id 'app:a1'" in str(caught.value)
    assert "0001_a1.toml and" in str(caught.value)


def test_duplicate_id_reported_alone(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("orders", "0001_orders", parent=[])
    sqlite_builder.migration("orders", "0002_order_totals")
    sqlite_builder.migration("orders", "0001_orders")

    with pytest.raises(GraphError) as caught:
        sqlite_builder.load()

    assert len(caught.value.problems) == 1
    assert "duplicate migration id 'orders:0001_orders'" in caught.value.problems[0]
    assert "cycle" not in str(caught.value)


def test_two_heads_need_target(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "base", parent=[])
    sqlite_builder.migration("app", "left", parent="base")
    sqlite_builder.migration("app", "right", parent="base")
    project = sqlite_builder.load()

    with pytest.raises(PlanError) as caught:
        plan_apply(project.graph, {})

    assert "2 heads (left, right)" in str(caught.value)
    assert "migrator apply app:left" in str(caught.value)
    assert plan_apply(project.graph, {}, ["app:left"]).keys == ["app:base", "app:left"]


def test_configured_target_picks_head(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "base", parent=[])
    sqlite_builder.migration("app", "left", parent="base")
    sqlite_builder.migration("app", "right", parent="base")
    project_file = sqlite_builder.root / "migrator.toml"
    project_file.write_text(project_file.read_text() + 'target = "right"\n')

    plan = sqlite_builder.runner().plan_apply()

    assert plan.keys == ["app:base", "app:right"]


def test_merge_migration_joins_heads(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "base", parent=[])
    sqlite_builder.migration("app", "left", parent="base")
    sqlite_builder.migration("app", "right", parent="base")
    sqlite_builder.migration("app", "merge", parent=["left", "right"])

    plan = sqlite_builder.runner().plan_apply()

    assert [len(wave) for wave in plan.waves] == [1, 2, 1]


def test_plan_is_deterministic(tmp_path: Path) -> None:
    plans = []
    for attempt in range(2):
        builder = ProjectBuilder(tmp_path / str(attempt), lambda: "sqlite:///x.db")
        for service in ("gamma", "alpha", "beta"):
            builder.migration(service, "one", phase="expand")
            builder.migration(service, "two", requires=["alpha:one"])
        plans.append(builder.runner().plan_apply().to_json())

    assert plans[0] == plans[1]
    assert plans[0]["waves"][0]["migrations"] == ["alpha:one", "beta:one", "gamma:one"]
