"""The lint cache: what a second run reads again, and what it trusts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzers import runner
from analyzers.cache import RACY_SECONDS
from analyzers.config import Config, load_config
from analyzers.diagnostic import FileReport
from analyzers.engine import lint_paths

NAIVE = "import datetime\nstamp = datetime.datetime.now()\n"
AWARE = "import datetime\nstamp = datetime.datetime.now(datetime.UTC)\n"
PLAIN = "print('no clock here')\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gauntlet]\npresets = ["naive-datetime"]\n', encoding="utf-8"
    )
    (tmp_path / "naive.py").write_text(NAIVE, encoding="utf-8")
    (tmp_path / "plain.py").write_text(PLAIN, encoding="utf-8")
    return tmp_path


def age(path: Path, seconds: int) -> None:
    """Set the file's modification time ``seconds`` into the past."""
    mtime_ns = os.stat(path).st_mtime_ns - seconds * 10**9
    os.utime(path, ns=(mtime_ns, mtime_ns))


def lint(project: Path) -> list[FileReport]:
    config: Config = load_config([project])
    return lint_paths([project], config, jobs=1).reports


def codes(reports: list[FileReport]) -> list[str]:
    return [d.code for report in reports for d in report.diagnostics]


def test_unchanged_old_files_not_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in project.glob("*.py"):
        age(path, RACY_SECONDS + 10)
    first = lint(project)

    def fail(*args: object) -> None:
        raise AssertionError(f"file read again: {args[0]}")

    monkeypatch.setattr(runner, "check_file", fail)
    second = lint(project)
    assert codes(second) == codes(first) == ["GTL102"]
    assert all(report.cached for report in second)


def test_prefiltered_file_cached_too(project: Path) -> None:
    for path in project.glob("*.py"):
        age(path, RACY_SECONDS + 10)
    lint(project)
    plain = next(r for r in lint(project) if r.path.endswith("plain.py"))
    assert plain.cached
    assert not plain.parsed


def test_recent_file_checked_by_content(project: Path) -> None:
    # Same size and the same modification time, but written less than
    # RACY_SECONDS ago: the cache must not trust the time alone.
    naive = project / "naive.py"
    first = lint(project)
    assert codes(first) == ["GTL102"]
    status = os.stat(naive)
    changed = "import datetime\nstamp = None".ljust(len(NAIVE) - 1) + "\n"
    assert len(changed) == len(NAIVE)
    naive.write_text(changed, encoding="utf-8")
    os.utime(naive, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert codes(lint(project)) == []


def test_touched_file_hits_by_digest(project: Path) -> None:
    naive = project / "naive.py"
    lint(project)
    age(naive, RACY_SECONDS + 10)
    report = next(r for r in lint(project) if r.path.endswith("naive.py"))
    assert report.cached
    assert codes([report]) == ["GTL102"]


def test_edited_file_checked_again(project: Path) -> None:
    naive = project / "naive.py"
    for path in project.glob("*.py"):
        age(path, RACY_SECONDS + 10)
    lint(project)
    naive.write_text(AWARE, encoding="utf-8")
    report = next(r for r in lint(project) if r.path.endswith("naive.py"))
    assert not report.cached
    assert codes([report]) == []


def test_corrupt_cache_ignored(project: Path) -> None:
    lint(project)
    for cache_file in (project / ".gauntlet_cache").glob("lint*"):
        cache_file.write_bytes(b"\xff not marshal data")
    assert codes(lint(project)) == ["GTL102"]
