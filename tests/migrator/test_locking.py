"""The per-database lock: waiting runners, timeouts and dead holders."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from migrator import faults
from migrator.databases import Databases
from migrator.errors import LockTimeout
from tests.migrator.builders import ProjectBuilder


def migrator_command(
    *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrator", *arguments],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_concurrent_runners_apply_once(builder: ProjectBuilder, tmp_path: Path) -> None:
    builder.table_migration("app", "r1")
    builder.table_migration("app", "r2")
    runner = builder.runner()
    first_step = threading.Event()
    labels: list[str] = []

    def hook(number: int, label: str) -> None:
        labels.append(label)
        if label == "before step app:r1 up 1":
            first_step.set()
            time.sleep(1.5)  # hold the lock while the second runner starts

    remove = faults.add_hook(hook)
    result: dict[str, object] = {}
    thread = threading.Thread(target=lambda: result.update(report=runner.apply()))
    thread.start()
    assert first_step.wait(20)
    trace = tmp_path / "second-runner.trace"
    second = migrator_command(
        "--project",
        str(builder.root),
        "apply",
        env={faults.ENVIRONMENT_VARIABLE: f"trace={trace}"},
    )
    thread.join(30)
    remove()

    report = result["report"]
    assert report.applied == ["app:r1", "app:r2"]  # type: ignore[attr-defined]
    assert second.returncode == 0, second.stderr
    assert "nothing to do" in second.stdout
    assert not trace.exists() or "before step" not in trace.read_text()
    assert labels.count("before step app:r1 up 1") == 1
    assert labels.count("before step app:r2 up 1") == 1


def test_lock_timeout_exit_one(builder: ProjectBuilder) -> None:
    builder.table_migration("app", "r1")
    project = builder.load()

    with Databases(project, "holder-runner"):
        started = time.monotonic()
        second = migrator_command(
            "--project", str(builder.root), "apply", "--lock-timeout", "0.5"
        )
        waited = time.monotonic() - started

    assert second.returncode == 1
    assert "could not take the migration lock" in second.stderr
    assert "service 'app'" in second.stderr
    assert "Traceback" not in second.stderr
    assert waited < 30
    assert builder.runner().read_state() == {}


def test_lock_timeout_library_error(builder: ProjectBuilder) -> None:
    builder.table_migration("app", "r1")
    project = builder.load()

    with Databases(project, "holder-runner"), pytest.raises(LockTimeout):
        builder.runner(lock_timeout=0.2).apply()


def test_fractional_lock_timeout_waits(builder: ProjectBuilder) -> None:
    # 0.4 s once became round(0.4) == 0 on MariaDB: one try, no wait.
    builder.table_migration("app", "r1")
    project = builder.load()

    with Databases(project, "holder-runner"), pytest.raises(LockTimeout):
        started = time.monotonic()
        try:
            builder.runner(lock_timeout=0.4).apply()
        finally:
            waited = time.monotonic() - started

    assert waited >= 0.35


def test_stale_lock_taken_over(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "r1")
    runner = sqlite_builder.runner()
    with Databases(runner.project, "dead-runner") as databases:
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        backend = databases.backend("app")
        backend.execute(
            "UPDATE migrator_lock SET pid = ?, host = ? WHERE name = 'migrator'",
            (int(dead.stdout), socket.gethostname()),
        )
        backend.lock_holder = None  # leave the row behind, as a killed runner does

    report = runner.apply()

    assert report.applied == ["app:r1"]


def test_live_lock_holder_not_taken(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.table_migration("app", "r1")
    runner = sqlite_builder.runner(lock_timeout=0.3)
    with Databases(runner.project, "live-runner") as databases:
        databases.backend("app").lock_holder = None

    with pytest.raises(LockTimeout) as caught:
        runner.apply()

    assert "live-runner" in str(caught.value)
