"""A runner killed mid-rollout, and `migrator recover` afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from migrator import faults
from tests.migrator.builders import ProjectBuilder, has_table


def run_cli(
    builder: ProjectBuilder, *arguments: str, faults_spec: str = ""
) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment.pop(faults.ENVIRONMENT_VARIABLE, None)
    if faults_spec:
        environment[faults.ENVIRONMENT_VARIABLE] = faults_spec
    return subprocess.run(
        [sys.executable, "-m", "migrator", "--project", str(builder.root), *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=120,
    )


MARIADB_ONLY = [pytest.param("mariadb", marks=pytest.mark.mariadb)]


def write_migrations(builder: ProjectBuilder) -> None:
    """Write m1, m2 with two steps, and m3, each creating tables."""
    builder.migration(
        "app",
        "m1",
        [("CREATE TABLE t_m1 (id INTEGER)", "DROP TABLE t_m1")],
    )
    builder.migration(
        "app",
        "m2",
        [
            ("CREATE TABLE t_m2 (id INTEGER)", "DROP TABLE t_m2"),
            ("CREATE TABLE t_m2b (id INTEGER)", "DROP TABLE t_m2b"),
        ],
    )
    builder.migration(
        "app", "m3", [("CREATE TABLE t_m3 (id INTEGER)", "DROP TABLE t_m3")]
    )


def killed_project(
    builder: ProjectBuilder, kill_on: str = "after step app:m2 up 1"
) -> None:
    """Write the three migrations; the apply dies at ``kill_on``."""
    write_migrations(builder)
    killed = run_cli(builder, "apply", faults_spec=f"kill-on={kill_on}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr


def test_killed_apply_recover_undoes(builder: ProjectBuilder) -> None:
    killed_project(builder)

    recovered = run_cli(builder, "recover")
    runner = builder.runner()

    assert recovered.returncode == 0, recovered.stderr
    assert "dead apply rollout" in recovered.stdout
    assert runner.read_state() == {}
    assert not has_table(runner, "app", "t_m1")
    assert not has_table(runner, "app", "t_m2")


def test_killed_apply_recover_resume(builder: ProjectBuilder) -> None:
    killed_project(builder)

    recovered = run_cli(builder, "recover", "--resume")
    runner = builder.runner()
    state = runner.read_state()

    assert recovered.returncode == 0, recovered.stderr
    assert sorted(state) == ["app:m1", "app:m2", "app:m3"]
    assert {row.state for row in state.values()} == {"applied"}
    assert has_table(runner, "app", "t_m2b")
    assert has_table(runner, "app", "t_m3")


def test_recover_twice_nothing_left(builder: ProjectBuilder) -> None:
    killed_project(builder)
    assert run_cli(builder, "recover").returncode == 0

    again = run_cli(builder, "recover")

    assert again.returncode == 0
    assert "nothing to recover" in again.stdout


@pytest.mark.parametrize("engine", ["sqlite"])
def test_plain_apply_after_kill_continues(builder: ProjectBuilder) -> None:
    killed_project(builder)

    rerun = run_cli(builder, "apply")

    assert rerun.returncode == 0, rerun.stderr
    assert sorted(builder.runner().read_state()) == ["app:m1", "app:m2", "app:m3"]


def test_fault_spec_rejects_unknown_setting() -> None:
    with pytest.raises(faults.FaultSpecError) as caught:
        faults.parse_spec("explode-at=3")

    assert "'explode-at=3'" in str(caught.value)


@pytest.mark.parametrize("engine", ["sqlite"])
def test_apply_after_kill_supersedes_dead(builder: ProjectBuilder) -> None:
    killed_project(builder)
    assert run_cli(builder, "apply").returncode == 0

    recovered = run_cli(builder, "recover")

    assert "nothing to recover" in recovered.stdout
    assert sorted(builder.runner().read_state()) == ["app:m1", "app:m2", "app:m3"]


@pytest.mark.parametrize("engine", ["sqlite"])
def test_status_after_kill_reads_state(builder: ProjectBuilder) -> None:
    killed_project(builder)

    status = run_cli(builder, "status", "--format", "json")

    assert status.returncode == 0, status.stderr
    assert '"applied": [\n        "m1"\n      ]' in status.stdout


# On MariaDB a step's DDL commits at once and its step-done journal entry is
# written before the history row is updated. A kill between the two leaves
# the row one step behind the database, and the journal must decide.
STEP_DONE_UP = "after journal step-done app:m2 up 1"


@pytest.mark.parametrize("engine", MARIADB_ONLY)
def test_recover_counts_journaled_step(builder: ProjectBuilder) -> None:
    killed_project(builder, STEP_DONE_UP)

    recovered = run_cli(builder, "recover")
    runner = builder.runner()

    assert recovered.returncode == 0, recovered.stderr
    assert runner.read_state() == {}
    assert not has_table(runner, "app", "t_m1")
    assert not has_table(runner, "app", "t_m2")


@pytest.mark.parametrize("engine", MARIADB_ONLY)
def test_resume_skips_journaled_step(builder: ProjectBuilder) -> None:
    killed_project(builder, STEP_DONE_UP)

    recovered = run_cli(builder, "recover", "--resume")
    state = builder.runner().read_state()

    assert recovered.returncode == 0, recovered.stderr
    assert sorted(state) == ["app:m1", "app:m2", "app:m3"]
    assert {row.state for row in state.values()} == {"applied"}
    assert state["app:m2"].completed_steps == 2


@pytest.mark.parametrize("engine", MARIADB_ONLY)
def test_rollback_counts_journaled_step(builder: ProjectBuilder) -> None:
    killed_project(builder, STEP_DONE_UP)

    rolled_back = run_cli(builder, "rollback", "app:m2")
    runner = builder.runner()

    assert rolled_back.returncode == 0, rolled_back.stderr
    assert sorted(runner.read_state()) == ["app:m1"]
    assert not has_table(runner, "app", "t_m2")


@pytest.mark.parametrize("engine", MARIADB_ONLY)
def test_recover_killed_rollback_step_done(builder: ProjectBuilder) -> None:
    write_migrations(builder)
    assert run_cli(builder, "apply").returncode == 0
    killed = run_cli(
        builder,
        "rollback",
        "app:m2",
        faults_spec="kill-on=after journal step-done app:m2 down 2",
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    recovered = run_cli(builder, "recover")
    runner = builder.runner()

    assert recovered.returncode == 0, recovered.stderr
    assert sorted(runner.read_state()) == ["app:m1"]
    assert not has_table(runner, "app", "t_m2")
    assert not has_table(runner, "app", "t_m2b")


@pytest.mark.parametrize("engine", MARIADB_ONLY)
def test_recover_killed_recover_undo(builder: ProjectBuilder) -> None:
    killed_project(builder, "after step app:m2 up 2")
    killed = run_cli(
        builder,
        "recover",
        faults_spec="kill-on=after journal step-done app:m2 down 1",
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    recovered = run_cli(builder, "recover")
    runner = builder.runner()

    assert recovered.returncode == 0, recovered.stderr
    assert runner.read_state() == {}
    assert not has_table(runner, "app", "t_m2")
    assert not has_table(runner, "app", "t_m2b")
