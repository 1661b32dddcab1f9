"""Plans: waves, phases, cascading rollbacks and irreversible migrations."""

from __future__ import annotations

import pytest

from migrator.errors import PlanError
from migrator.rollback_plan import CASCADE_ALL, CASCADE_NONE, RollbackRequest
from migrator.runner import Runner
from migrator.state import State
from tests.migrator.builders import ProjectBuilder


def two_branches(builder: ProjectBuilder, *, d2_needs_c1: bool = False) -> Runner:
    """base -> a -> b -> c1 -> d1 and b -> c2 -> d2, with d1 and d2 applied."""
    builder.table_migration("app", "base", parent=[])
    builder.table_migration("app", "a")
    builder.table_migration("app", "b")
    builder.table_migration("app", "c1", parent="b")
    builder.table_migration("app", "d1", parent="c1")
    builder.table_migration("app", "c2", parent="b")
    builder.table_migration(
        "app", "d2", parent="c2", requires=["c1"] if d2_needs_c1 else []
    )
    runner = builder.runner()
    assert runner.apply(["app:d1", "app:d2"]).ok
    return runner


def applied_heads(runner: Runner, state: State) -> set[str]:
    graph = runner.graph.graph
    return {
        key.split(":")[1]
        for key in state
        if not any(successor in state for successor in graph.successors(key))
    }


def test_branch_rollback_leaves_other_branch(sqlite_builder: ProjectBuilder) -> None:
    runner = two_branches(sqlite_builder)
    request = RollbackRequest(to="b", branch="d2")

    plan = runner.plan_rollback(request)
    report = runner.rollback(request)

    assert plan.keys == ["app:d2", "app:c2"]
    assert plan.cascaded == []
    assert report.reverted == ["app:d2", "app:c2"]
    assert applied_heads(runner, runner.read_state()) == {"d1"}


def test_branch_rollback_cascades_dependents(sqlite_builder: ProjectBuilder) -> None:
    runner = two_branches(sqlite_builder, d2_needs_c1=True)
    request = RollbackRequest(to="b", branch="d1")

    plan = runner.plan_rollback(request)
    report = runner.rollback(request)

    assert set(plan.keys) == {"app:d1", "app:d2", "app:c1"}
    assert plan.keys.index("app:d1") < plan.keys.index("app:c1")
    assert plan.keys.index("app:d2") < plan.keys.index("app:c1")
    assert plan.cascaded == ["app:d2"]
    assert report.ok
    assert applied_heads(runner, runner.read_state()) == {"c2"}


def test_cascade_listed_before_running(sqlite_builder: ProjectBuilder) -> None:
    from click.testing import CliRunner

    from migrator.cli import cli

    two_branches(sqlite_builder, d2_needs_c1=True)
    arguments = ["--project", str(sqlite_builder.root), "rollback", "--to", "b"]

    result = CliRunner().invoke(cli, [*arguments, "--branch", "d1", "--dry-run"])

    assert result.exit_code == 0
    first_line = result.stdout.splitlines()[0]
    assert "app:d2" in first_line
    assert "it depends on" in first_line


def test_no_cascade_names_dependent(sqlite_builder: ProjectBuilder) -> None:
    runner = two_branches(sqlite_builder, d2_needs_c1=True)
    request = RollbackRequest(to="b", branch="d1", cascade=CASCADE_NONE)

    with pytest.raises(PlanError) as caught:
        runner.rollback(request)

    assert "app:d2" in str(caught.value)
    assert "--no-cascade" in str(caught.value)
    assert len(runner.read_state()) == 7


def shared_registry(builder: ProjectBuilder) -> Runner:
    """billing b1 -> b2; ledger l1 -> l2 with l2 needing billing:b1; one database."""
    url = builder.url_factory()
    builder.service("billing", url)
    builder.service("ledger", url)
    builder.table_migration("billing", "b1")
    builder.table_migration("billing", "b2")
    builder.table_migration("ledger", "l1")
    builder.table_migration("ledger", "l2", requires=["billing:b1"])
    runner = builder.runner()
    assert runner.apply().ok
    return runner


def test_service_revert_stays_inside(sqlite_builder: ProjectBuilder) -> None:
    runner = shared_registry(sqlite_builder)
    request = RollbackRequest(to="base", service="ledger")

    report = runner.rollback(request)

    assert report.plan.keys == ["ledger:l2", "ledger:l1"]
    assert report.reverted == ["ledger:l2", "ledger:l1"]
    assert sorted(runner.read_state()) == ["billing:b1", "billing:b2"]


def test_cross_service_rollback_needs_cascade(sqlite_builder: ProjectBuilder) -> None:
    runner = shared_registry(sqlite_builder)

    with pytest.raises(PlanError) as caught:
        runner.rollback(RollbackRequest(to="base", service="billing"))
    plan = runner.plan_rollback(
        RollbackRequest(to="base", service="billing", cascade=CASCADE_ALL)
    )

    assert "ledger:l2" in str(caught.value)
    assert "--cascade" in str(caught.value)
    assert len(runner.read_state()) == 4
    assert plan.keys[0] == "ledger:l2"
    assert plan.cascaded == ["ledger:l2"]
    assert set(plan.keys) == {"ledger:l2", "billing:b2", "billing:b1"}


def test_rollback_irreversible_rejected(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    sqlite_builder.migration(
        "app",
        "two",
        [("CREATE TABLE gone (id INTEGER)", None)],
        extra='irreversible = true\nreason = "drops customer rows"',
    )
    sqlite_builder.table_migration("app", "three")
    runner = sqlite_builder.runner()
    assert runner.apply().ok

    with pytest.raises(PlanError) as caught:
        runner.rollback(RollbackRequest(to="base"))

    assert "app:two (drops customer rows)" in str(caught.value)
    assert len(runner.read_state()) == 3


def test_phase_barriers_order_waves(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("a", "expand1", phase="expand")
    sqlite_builder.migration("a", "contract1", phase="contract")
    sqlite_builder.migration("b", "expand1", phase="expand")
    sqlite_builder.migration("b", "migrate1", phase="migrate")

    plan = sqlite_builder.runner().plan_apply()

    phases = [{migration.phase for migration in wave} for wave in plan.waves]
    assert phases == [{"expand"}, {"migrate"}, {"contract"}]


def test_phase_option_selects_one_phase(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("a", "e1", phase="expand")
    sqlite_builder.migration("a", "m1", phase="migrate")
    sqlite_builder.migration("a", "e2", phase="expand")
    sqlite_builder.migration("b", "c1", phase="contract", requires=["a:e1"])
    runner = sqlite_builder.runner()

    expand = runner.plan_apply(phase="expand")
    contract = runner.plan_apply(phase="contract")

    assert expand.keys == ["a:e1", "a:m1", "a:e2"]
    assert contract.keys == ["a:e1", "b:c1"]


def test_new_release_after_contract(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("a", "e1", phase="expand")
    sqlite_builder.migration("a", "c1", phase="contract")
    sqlite_builder.migration("a", "e2", phase="expand")
    sqlite_builder.migration("b", "e1", phase="expand")

    plan = sqlite_builder.runner().plan_apply()

    assert [[m.key for m in wave] for wave in plan.waves] == [
        ["a:e1", "b:e1"],
        ["a:c1"],
        ["a:e2"],
    ]


def test_parallel_services_share_wave(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("a", "one")
    sqlite_builder.migration("b", "one")
    sqlite_builder.migration("c", "one", requires=["a:one", "b:one"])

    plan = sqlite_builder.runner().plan_apply()

    assert plan.to_json()["waves"][0]["services"] == {"a": ["one"], "b": ["one"]}
    assert plan.to_json()["waves"][1]["services"] == {"c": ["one"]}


def test_newest_rollback_by_default(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    sqlite_builder.table_migration("app", "two")
    runner = sqlite_builder.runner()
    assert runner.apply().ok

    report = runner.rollback(RollbackRequest())

    assert report.reverted == ["app:two"]
    assert sorted(runner.read_state()) == ["app:one"]
