"""Rung 5 on its reference solutions: the good one passes, the bad one's worker dies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gauntlet.verify.result import RungReport, Status
from gauntlet.verify.session import verify

SOLUTIONS = Path(__file__).parents[2] / "fixtures" / "solutions" / "5"


@pytest.fixture(scope="module")
def good() -> RungReport:
    return verify(5, SOLUTIONS / "good")


@pytest.fixture(scope="module")
def bad() -> RungReport:
    return verify(5, SOLUTIONS / "bad")


def status(report: RungReport, constraint: str) -> Status:
    return next(r.status for r in report.results if r.constraint.id == constraint)


def test_good_passes(good: RungReport) -> None:
    assert good.failed() == []
    assert good.exit_code == 0


def test_good_reports_backends(good: RungReport) -> None:
    result = next(r for r in good.results if r.constraint.id == "stored-image-size")
    assert "queue: directory" in result.message


def test_bad_resizes_before_poison(bad: RungReport) -> None:
    assert status(bad, "stored-image-size") is Status.PASSED


def test_bad_worker_dies_on_poison(bad: RungReport) -> None:
    assert status(bad, "poison-message-survived") is Status.FAILED
    assert bad.exit_code == 1


def test_retry_backoff_manual(good: RungReport) -> None:
    assert status(good, "retry-backoff") is Status.MANUAL


def test_unknown_queue_is_config_error(tmp_path: Path) -> None:
    solution = tmp_path / "solution"
    shutil.copytree(SOLUTIONS / "good", solution)
    manifest = solution / "gauntlet.toml"
    manifest.write_text(
        manifest.read_text().replace('queue = "directory"', 'queue = "redis"')
    )
    report = verify(5, solution, only=("stored-image-size",))
    assert report.exit_code == 2
    assert "options.queue" in report.results[0].message
    assert "'redis'" in report.results[0].message


def test_good_on_sqlite_queue(tmp_path: Path) -> None:
    solution = tmp_path / "solution"
    shutil.copytree(SOLUTIONS / "good", solution)
    manifest = solution / "gauntlet.toml"
    text = manifest.read_text().replace('queue = "directory"', 'queue = "sqlite"')
    manifest.write_text(
        text.replace('"--queue-dir", "{queue_dir}"', '"--queue-db", "{queue_db}"')
    )
    report = verify(5, solution)
    assert report.failed() == []
    assert "queue: sqlite" in report.results[0].message


def test_good_with_separate_worker(tmp_path: Path) -> None:
    solution = tmp_path / "solution"
    shutil.copytree(SOLUTIONS / "good", solution)
    backends = '"--queue-dir", "{queue_dir}", "--store-dir", "{store_dir}"'
    api = '"python", "resizer.py", "--role", "api", "--port", "{port}"'
    worker = '"python", "resizer.py", "--role", "worker"'
    (solution / "gauntlet.toml").write_text(
        "rung = 5\n[commands]\n"
        f"run = [{api}, {backends}]\n"
        f"worker = [{worker}, {backends}]\n"
    )
    report = verify(5, solution)
    assert report.failed() == []
