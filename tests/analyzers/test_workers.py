"""The forked workers: every task runs once, and a failed worker loses nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzers import runner
from analyzers.config import Config
from analyzers.workers import can_fork, run_forked

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork (Linux)")


def square(number: int) -> int:
    return number * number


def test_every_task_runs_once() -> None:
    done = run_forked(list(range(500)), square, workers=3)
    assert done == {number: number * number for number in range(500)}


def test_results_larger_than_a_pipe_buffer() -> None:
    # 64 KiB per result: a worker blocks on its pipe unless the parent
    # reads all pipes as data arrives.
    done = run_forked(list(range(40)), lambda n: bytes(65536) + bytes([n]), 2)
    assert sorted(done) == list(range(40))
    assert all(result[-1] == index for index, result in done.items())


def test_worker_exception_leaves_task_missing(
    capfd: pytest.CaptureFixture[str],
) -> None:
    def fail_on_seven(number: int) -> int:
        if number == 7:
            raise RuntimeError("task seven failed")
        return number

    done = run_forked(list(range(20)), fail_on_seven, workers=2)
    assert 7 not in done
    # The worker that failed stopped; the other one finished the queue.
    assert all(done[index] == index for index in done)
    assert "task seven failed" in capfd.readouterr().err


def test_killed_worker_leaves_its_task_missing() -> None:
    def die_on_three(number: int) -> int:
        if number == 3:
            os._exit(9)
        return number

    done = run_forked(list(range(10)), die_on_three, workers=2)
    assert 3 not in done
    assert set(done) <= set(range(10))


def test_failed_task_is_checked_in_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for number in range(250):
        path = tmp_path / f"module_{number}.py"
        path.write_text("import time\nstamp = time.time()\n", encoding="utf-8")
        files.append(str(path))
    config = Config(root=str(tmp_path), presets=("clock",))
    real_check_file = runner.check_file
    parent = os.getpid()

    def die_in_worker(path: str, *args: object) -> runner.Outcome:
        if os.getpid() != parent and path.endswith("module_42.py"):
            os._exit(9)
        return real_check_file(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "check_file", die_in_worker)
    outcomes = runner.check_files(files, config, None, jobs=2)
    assert len(outcomes) == len(files)
    for outcome in outcomes:
        assert [d.code for d in outcome.report.diagnostics] == ["GTL001"]
