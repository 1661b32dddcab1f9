"""``gauntlet fix`` run as a subprocess on a small project."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from codemods.runner import ProgressLine

CONFIG = '[tool.gauntlet]\ntarget-version = "py311"\n'
NAIVE = b"from datetime import datetime\n\nstamp = datetime.utcnow()\n"
FIXED = (
    b"from datetime import UTC, datetime\n\n"
    b"stamp = datetime.now(UTC).replace(tzinfo=None)\n"
)
CLEAN = b"import os\n\nroot = os.sep\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "naive.py").write_bytes(NAIVE)
    (tmp_path / "clean.py").write_bytes(CLEAN)
    return tmp_path


def gauntlet_fix(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gauntlet", "fix", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_fix_rewrites_file(project: Path) -> None:
    result = gauntlet_fix(project, ".")
    assert result.returncode == 0, result.stderr
    assert (project / "naive.py").read_bytes() == FIXED
    assert "1 file changed, 1 fix made, 0 fixes skipped" in result.stdout


def test_fix_defaults_to_current_folder(project: Path) -> None:
    result = gauntlet_fix(project)
    assert result.returncode == 0, result.stderr
    assert (project / "naive.py").read_bytes() == FIXED
    assert "(2 files checked," in result.stdout


def test_clean_file_never_written(project: Path) -> None:
    clean = project / "clean.py"
    os.utime(clean, ns=(1_000_000_000, 1_000_000_000))
    gauntlet_fix(project, ".")
    assert clean.read_bytes() == CLEAN
    assert clean.stat().st_mtime_ns == 1_000_000_000


def test_second_run_changes_nothing(project: Path) -> None:
    gauntlet_fix(project, ".")
    again = gauntlet_fix(project, "--check", ".")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 files would change" in again.stdout


def test_diff_prints_patch_only(project: Path) -> None:
    result = gauntlet_fix(project, "--diff", ".")
    assert result.returncode == 1
    assert (project / "naive.py").read_bytes() == NAIVE
    assert result.stdout.startswith("--- naive.py\n+++ naive.py\n")
    assert "+stamp = datetime.now(UTC).replace(tzinfo=None)\n" in result.stdout
    assert "1 file would change" in result.stderr


def test_check_exits_one(project: Path) -> None:
    result = gauntlet_fix(project, "--check", ".")
    assert result.returncode == 1
    assert (project / "naive.py").read_bytes() == NAIVE
    lines = result.stdout.splitlines()
    assert lines[0] == "naive.py: would change (1 fix)"
    assert lines[1].startswith("1 file would change, 1 fix available,")
    assert len(lines) == 2


def test_file_mode_kept(project: Path) -> None:
    naive = project / "naive.py"
    naive.chmod(0o755)
    gauntlet_fix(project, "naive.py")
    assert stat.S_IMODE(naive.stat().st_mode) == 0o755


def test_unsafe_fix_prints_note(project: Path) -> None:
    result = gauntlet_fix(project, "--unsafe-fixes", ".")
    assert (project / "naive.py").read_bytes().endswith(b"stamp = datetime.now(UTC)\n")
    assert "naive.py:3:9: GTL103 unsafe fix:" in result.stderr
    assert "TypeError" in result.stderr


def test_skipped_fix_reported(project: Path) -> None:
    (project / "naive.py").write_bytes(
        b"from datetime import datetime\n\nepoch = datetime(1970, 1, 1)\n"
    )
    result = gauntlet_fix(project, ".")
    assert result.returncode == 0
    assert "naive.py:3:9: GTL101 not fixed: adding tzinfo=UTC" in result.stderr
    assert "0 files changed, 0 fixes made, 1 fix skipped" in result.stdout


def test_exit_non_zero_on_skip(project: Path) -> None:
    (project / "naive.py").write_bytes(
        b"from datetime import datetime\n\nepoch = datetime(1970, 1, 1)\n"
    )
    result = gauntlet_fix(project, "--exit-non-zero-on-skip", ".")
    assert result.returncode == 1
    clean = gauntlet_fix(project, "--exit-non-zero-on-skip", "clean.py")
    assert clean.returncode == 0


def test_exit_non_zero_on_fix(project: Path) -> None:
    result = gauntlet_fix(project, "--exit-non-zero-on-fix", ".")
    assert result.returncode == 1
    assert (project / "naive.py").read_bytes() == FIXED
    again = gauntlet_fix(project, "--exit-non-zero-on-fix", ".")
    assert again.returncode == 0


def test_ignore_option(project: Path) -> None:
    result = gauntlet_fix(project, "--ignore", "GTL103", ".")
    assert result.returncode == 0
    assert (project / "naive.py").read_bytes() == NAIVE


def test_select_option(project: Path) -> None:
    result = gauntlet_fix(project, "--select", "GTL101,GTL102", ".")
    assert result.returncode == 0
    assert (project / "naive.py").read_bytes() == NAIVE


def test_mixed_newlines_reported(project: Path) -> None:
    mixed = b"import datetime\rx = datetime.datetime.utcnow()\r\n"
    (project / "mixed.py").write_bytes(mixed)
    result = gauntlet_fix(project, "mixed.py")
    assert result.returncode == 2
    assert "mixed.py: error: cannot rewrite a file with mixed newlines" in result.stderr
    assert (project / "mixed.py").read_bytes() == mixed


def test_syntax_error_reported(project: Path) -> None:
    # The prefilter skips files that never import a watched module, so the
    # broken file imports one to be parsed at all.
    broken = b"import datetime\ndef broken(:\n    datetime.datetime.utcnow()\n"
    (project / "broken.py").write_bytes(broken)
    result = gauntlet_fix(project, "broken.py")
    assert result.returncode == 2
    assert "broken.py:2:12: error: cannot be parsed:" in result.stderr
    assert "internal error" not in result.stderr


def test_invalid_config_exits_two(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.gauntlet]\ntarget-version = "py27"\n', encoding="utf-8"
    )
    result = gauntlet_fix(project, ".")
    assert result.returncode == 2
    assert "target-version" in result.stderr


def test_missing_path_exits_two(project: Path) -> None:
    result = gauntlet_fix(project, "missing.py")
    assert result.returncode == 2
    assert "missing.py" in result.stderr


def test_parallel_run_fixes_all(project: Path) -> None:
    for index in range(40):
        (project / f"module_{index}.py").write_bytes(NAIVE)
    result = gauntlet_fix(project, "--jobs", "2", ".")
    assert result.returncode == 0, result.stderr
    assert "41 files changed, 41 fixes made" in result.stdout
    assert (project / "module_39.py").read_bytes() == FIXED


def test_progress_waits_for_delay() -> None:
    lines: list[str] = []
    progress = ProgressLine(lines.append, delay=3600)
    progress(1, 2)
    progress(2, 2)
    assert lines == []


def test_progress_shows_counts() -> None:
    lines: list[str] = []
    progress = ProgressLine(lines.append, delay=0)
    progress(1, 2)
    progress(2, 2)
    assert lines == ["fixing: 1/2 files", "fixing: 2/2 files"]


CLOCK_CONFIG = """\
[tool.gauntlet]
target-version = "py311"
presets = ["clock", "naive-datetime"]

[tool.gauntlet.banned-api."datetime.datetime.now"]
replacement = "billing.clock.now"
"""
CLOCK_READS = b"""\
import datetime


def stamp():
    return datetime.datetime.utcnow()


def later():
    now = datetime.datetime.now()
    return now
"""
CLOCK_FIXED = b"""\
import datetime

import billing.clock


def stamp():
    return datetime.datetime.utcnow()


def later():
    now = billing.clock.now()
    return now
"""


def test_one_run_settles(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(CLOCK_CONFIG, encoding="utf-8")
    (tmp_path / "reads.py").write_bytes(CLOCK_READS)
    first = gauntlet_fix(tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "reads.py").read_bytes() == CLOCK_FIXED
    assert "which is banned by banned-api 'datetime.datetime.now'" in first.stderr
    again = gauntlet_fix(tmp_path, "--check")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 files would change" in again.stdout


BROKEN = {
    "one.py": b"import time\nx = time.time(\nif\n",
    "two.py": b"import datetime\ndef f(:\n    datetime.datetime.now()\n",
    "three.py": b"import time\n\nstarted = time.time(\n",
}


def test_file_errors_match_lint(tmp_path: Path) -> None:
    # The clock preset has no fix, so the fix run lints for nothing; the
    # broken files must still be reported as gauntlet lint reports them.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gauntlet]\npresets = ["clock"]\n', encoding="utf-8"
    )
    for name, data in BROKEN.items():
        (tmp_path / name).write_bytes(data)
    fixed = gauntlet_fix(tmp_path, "--diff", ".")
    linted = subprocess.run(
        [sys.executable, "-m", "gauntlet", "lint", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert linted.returncode == 2
    assert fixed.returncode == 2
    errors = [line for line in fixed.stderr.splitlines() if ": error: " in line]
    lint_errors = [line for line in linted.stderr.splitlines() if ": error: " in line]
    assert sorted(errors) == sorted(lint_errors)
    assert len(errors) == 3
    assert "two.py:2:7: error: cannot be parsed: invalid syntax" in fixed.stderr
    assert "3 errors" in fixed.stderr
