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


def killed_project(builder: ProjectBuilder) -> None:
    """Three migrations; the runner dies right after the first step of the second."""
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
    killed = run_cli(builder, "apply", faults_spec="kill-on=after step app:m2 up 1")
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
