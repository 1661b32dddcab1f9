"""The runner on SQLite, PostgreSQL and MariaDB: steps, failures, undo."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from migrator import faults
from migrator.errors import BlockedByFailure, PlanError
from migrator.rollback_plan import RollbackRequest
from migrator.runner import Runner
from migrator.state import FAILED
from tests.migrator.builders import ProjectBuilder, count_rows, has_table

COUNTER_STEPS = [
    (
        "CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER)",
        "DROP TABLE counters",
    ),
    ("INSERT INTO counters (id, n) VALUES (1, 0), (2, 0)", "DELETE FROM counters"),
    ("CREATE VIEW stats AS SELECT count(*) AS total FROM counters", "DROP VIEW stats"),
]


@pytest.fixture
def labels() -> Iterator[list[str]]:
    """Every checkpoint label reached during the test, in order."""
    seen: list[str] = []
    remove = faults.add_hook(lambda number, label: seen.append(label))
    yield seen
    remove()


def fail_on(text: str) -> Callable[[], None]:
    """Make the first checkpoint whose label contains ``text`` fail."""

    def hook(number: int, label: str) -> None:
        if text in label:
            raise faults.InjectedFault(
                f"deadlock found when trying to get lock ({label})"
            )

    return faults.add_hook(hook)


def counters_project(builder: ProjectBuilder) -> Runner:
    builder.table_migration("app", "v3")
    builder.migration("app", "v4", COUNTER_STEPS)
    runner = builder.runner()
    assert runner.apply(["app:v3"]).ok
    return runner


def steps_run(labels: list[str], key: str, direction: str) -> list[int]:
    prefix = f"before step {key} {direction} "
    return [int(label[len(prefix) :]) for label in labels if label.startswith(prefix)]


def test_apply_then_rollback_round_trip(builder: ProjectBuilder) -> None:
    builder.table_migration("app", "one")
    builder.table_migration("app", "two")
    runner = builder.runner()

    applied = runner.apply()
    present = has_table(runner, "app", "t_two")
    reverted = runner.rollback(RollbackRequest(to="base"))

    assert applied.applied == ["app:one", "app:two"]
    assert present
    assert reverted.reverted == ["app:two", "app:one"]
    assert not has_table(runner, "app", "t_one")
    assert runner.read_state() == {}


@pytest.mark.parametrize(
    "engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_failed_step_transactional_leaves_no_trace(
    builder: ProjectBuilder, labels: list[str]
) -> None:
    runner = counters_project(builder)
    remove = fail_on("before step app:v4 up 3")

    report = runner.apply()
    remove()
    state = runner.read_state()
    rerun = runner.apply()

    assert report.failure is not None
    assert report.failure.step == 3
    assert "app:v4" not in state
    assert not has_table(runner, "app", "counters") or rerun.ok
    assert rerun.applied == ["app:v4"]
    assert steps_run(labels, "app:v4", "up") == [1, 2, 3, 1, 2, 3]


@pytest.mark.parametrize("engine", [pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_failed_step_mariadb_records_completed_steps(builder: ProjectBuilder) -> None:
    runner = counters_project(builder)
    remove = fail_on("before step app:v4 up 3")

    report = runner.apply()
    remove()
    row = runner.read_state()["app:v4"]

    assert report.failure is not None
    assert report.kept == ["app:v4"]
    assert row.state == FAILED
    assert row.completed_steps == 2
    assert has_table(runner, "app", "counters")


@pytest.mark.parametrize("engine", [pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_rerun_after_failure_rejected(builder: ProjectBuilder) -> None:
    runner = counters_project(builder)
    remove = fail_on("before step app:v4 up 3")
    runner.apply()
    remove()

    with pytest.raises(BlockedByFailure) as caught:
        runner.apply()

    message = str(caught.value)
    assert "app:v4: failed (up) with 2 of 3 steps applied" in message
    assert "migrator recover --resume" in message
    assert "migrator rollback app:v4" in message
    assert "migrator mark-applied app:v4" in message


@pytest.mark.parametrize("engine", [pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_resume_starts_after_completed_steps(
    builder: ProjectBuilder, labels: list[str]
) -> None:
    runner = counters_project(builder)
    remove = fail_on("before step app:v4 up 3")
    runner.apply()
    remove()
    labels.clear()

    report = runner.recover(resume=True)

    assert report.ok
    assert steps_run(labels, "app:v4", "up") == [3]
    assert runner.read_state()["app:v4"].state == "applied"
    assert count_rows(runner, "app", "stats") == 1


@pytest.mark.parametrize("engine", [pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_rollback_failed_undoes_completed_steps(
    builder: ProjectBuilder, labels: list[str]
) -> None:
    runner = counters_project(builder)
    remove = fail_on("before step app:v4 up 3")
    runner.apply()
    remove()
    labels.clear()

    report = runner.rollback(RollbackRequest(migration="v4"))

    assert report.reverted == ["app:v4"]
    assert steps_run(labels, "app:v4", "down") == [2, 1]
    assert not has_table(runner, "app", "counters")
    assert sorted(runner.read_state()) == ["app:v3"]


@pytest.mark.parametrize("engine", [pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_mark_applied_after_failure(builder: ProjectBuilder) -> None:
    runner = counters_project(builder)
    remove = fail_on("before step app:v4 up 3")
    runner.apply()
    remove()

    key = runner.mark_applied("v4")

    assert key == "app:v4"
    assert runner.read_state()["app:v4"].state == "applied"
    assert runner.apply().plan.keys == []


def test_mark_applied_needs_requirements(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "one")
    sqlite_builder.table_migration("app", "two")
    runner = sqlite_builder.runner()

    with pytest.raises(PlanError) as caught:
        runner.mark_applied("two")

    assert "app:one" in str(caught.value)


def test_failed_service_rolls_back_others(builder: ProjectBuilder) -> None:
    builder.table_migration("billing", "b1")
    builder.table_migration("ledger", "l1")
    builder.table_migration("billing", "b2", requires=["ledger:l1"])
    builder.migration(
        "ledger",
        "l2",
        [("CREATE TABLE t_l1 (id INTEGER)", "")],
        requires=["billing:b1"],
    )
    runner = builder.runner()

    report = runner.apply()

    assert report.failure is not None
    assert report.failure.key == "ledger:l2"
    assert set(report.applied) == {"billing:b1", "ledger:l1", "billing:b2"}
    assert report.undone == list(reversed(report.applied))
    assert runner.read_state() == {}
    assert not has_table(runner, "billing", "t_b1")
    assert not has_table(runner, "ledger", "t_l1")
    assert any("undone after the failure" in line for line in report.summary())


@pytest.mark.mariadb
def test_every_wave_failure_reported(
    sqlite_builder: ProjectBuilder, mariadb_url_factory: Callable[[], str]
) -> None:
    failing_steps = [
        ("CREATE TABLE t_first (id INTEGER)", "DROP TABLE t_first"),
        ("INSERT INTO missing_table VALUES (1)", ""),
    ]
    sqlite_builder.migration("app", "a1", failing_steps)
    sqlite_builder.service("shop", mariadb_url_factory())
    sqlite_builder.migration("shop", "s1", failing_steps)
    runner = sqlite_builder.runner()

    report = runner.apply()
    row = runner.read_state()["shop:s1"]
    summary = report.summary()
    output = report.to_json()

    assert sorted(failure.key for failure in report.failures) == ["app:a1", "shop:s1"]
    assert report.kept == ["shop:s1"]
    assert row.state == FAILED
    assert row.completed_steps == 1
    assert has_table(runner, "shop", "t_first")
    assert not has_table(runner, "app", "t_first")
    assert any(line.startswith("failed: app:a1: up step 2") for line in summary)
    assert any(line.startswith("failed: shop:s1: up step 2") for line in summary)
    assert any("shop:s1; run `migrator recover`" in line for line in summary)
    assert output["kept"] == ["shop:s1"]
    assert len(output["failures"]) == 2


@pytest.mark.mariadb
def test_recover_after_wave_failures(
    sqlite_builder: ProjectBuilder, mariadb_url_factory: Callable[[], str]
) -> None:
    failing_steps = [
        ("CREATE TABLE t_first (id INTEGER)", "DROP TABLE t_first"),
        ("INSERT INTO missing_table VALUES (1)", ""),
    ]
    sqlite_builder.migration("app", "a1", failing_steps)
    sqlite_builder.service("shop", mariadb_url_factory())
    sqlite_builder.migration("shop", "s1", failing_steps)
    progress: list[str] = []
    runner = sqlite_builder.runner(progress=progress.append)
    runner.apply()

    report = runner.recover()

    assert report.ok
    assert "  undoing 1 applied step of shop:s1" in progress
    assert report.undone == ["shop:s1"]
    assert report.summary() == ["undone, newest first: shop:s1"]
    assert runner.read_state() == {}
    assert not has_table(runner, "shop", "t_first")


def test_verify_failure_fails_migration(builder: ProjectBuilder, engine: str) -> None:
    builder.table_migration("app", "one", extra='verify = "SELECT count(*) FROM t_one"')
    runner = builder.runner()

    report = runner.apply()
    state = runner.read_state()

    assert report.failure is not None
    assert "verify" in report.failure.cause
    if engine == "mariadb":
        assert state["app:one"].state == FAILED
        assert state["app:one"].completed_steps == 1
    else:
        assert state == {}
        assert not has_table(runner, "app", "t_one")


def test_health_gate_failure_rolls_back(sqlite_builder: ProjectBuilder) -> None:
    import sys

    gate = f'health = [["{sys.executable}", "-c", "import sys; sys.exit(3)"]]'
    sqlite_builder.table_migration("app", "one")
    sqlite_builder.table_migration("app", "two", extra=gate)
    runner = sqlite_builder.runner()

    report = runner.apply()

    assert report.failure is not None
    assert "exited 3" in report.failure.cause
    assert report.undone == ["app:two", "app:one"]
    assert runner.read_state() == {}


def test_down_failure_during_rollback_reported(builder: ProjectBuilder) -> None:
    builder.migration(
        "app", "one", [("CREATE TABLE t_one (id INTEGER)", "DROP TABLE missing_table")]
    )
    builder.migration("app", "two", [("CREATE TABLE t_one (id INTEGER)", "")])
    runner = builder.runner()

    report = runner.apply()

    assert report.failure is not None
    assert report.undo_failure is not None
    assert report.undo_failure.key == "app:one"
    assert report.exit_code == 1
    assert "app:one" in runner.read_state()


def test_python_step_gets_connection_and_dialect(
    builder: ProjectBuilder, engine: str
) -> None:
    folder = builder.root / "migrations" / "app"
    builder.service("app")
    (folder / "_steps.py").write_text(
        "def create(connection, dialect):\n"
        "    cursor = connection.cursor()\n"
        "    cursor.execute('CREATE TABLE made_by_python (dialect VARCHAR(20))')\n"
        "    cursor.execute(f\"INSERT INTO made_by_python VALUES ('{dialect}')\")\n"
        "    cursor.close()\n"
    )
    (folder / "0001_python.toml").write_text(
        '[[steps]]\nup = { python = "_steps.py:create" }\ndown = "DROP TABLE '
        'made_by_python"\n'
    )
    runner = builder.runner()

    report = runner.apply()

    assert report.ok
    with runner.databases(read_only=True) as databases:
        rows = databases.backend("app").query("SELECT dialect FROM made_by_python")
    expected = {"sqlite": "sqlite", "postgres": "postgresql", "mariadb": "mysql"}[
        engine
    ]
    assert rows == [(expected,)]


def test_python_module_migration(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.service("app")
    (sqlite_builder.root / "migrations" / "app" / "0001_module.py").write_text(
        'PHASE = "expand"\n'
        "def _up(connection, dialect):\n"
        "    connection.execute('CREATE TABLE from_module (id INTEGER)')\n"
        'STEPS = [(_up, "DROP TABLE from_module")]\n'
    )
    runner = sqlite_builder.runner()

    report = runner.apply()

    assert report.applied == ["app:0001_module"]
    assert has_table(runner, "app", "from_module")
    assert runner.graph.migration("app:0001_module").phase == "expand"
