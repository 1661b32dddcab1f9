"""Files that are not valid Python source give one clear error each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzers.engine import lint_paths
from tests.analyzers.conftest import make_config, report_for, run_gauntlet

NAIVE = {"presets": ["naive-datetime"]}
CALL = b"import datetime\nx = datetime.datetime.now()\n"


def test_syntax_error_names_line() -> None:
    report = report_for(b"import datetime\ndatetime.datetime.now(\n", NAIVE)
    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.line is not None
    assert "cannot be parsed" in error.message
    assert "fix the syntax error" in error.message


def test_not_utf8_names_line_and_fix() -> None:
    report = report_for(b"import datetime\n# caf\xe9\nx = datetime.datetime.now()\n")
    error = report.errors[0]
    assert error.line == 2
    assert "not valid UTF-8" in error.message
    assert "coding comment" in error.message


def test_declared_latin1_is_read() -> None:
    source = b"# -*- coding: latin-1 -*-\nimport datetime\n# caf\xe9\n"
    report = report_for(source + b"x = datetime.datetime.now()\n", NAIVE)
    assert not report.errors
    assert [d.line for d in report.diagnostics] == [4]


def test_nul_byte_names_line() -> None:
    report = report_for(b"import datetime\nx = 1\0\ny = datetime.datetime.now()\n")
    error = report.errors[0]
    assert error.line == 2
    assert "NUL" in error.message


def test_bom_does_not_shift_columns() -> None:
    plain = report_for(CALL, NAIVE).diagnostics
    with_bom = report_for(b"\xef\xbb\xbf" + CALL, NAIVE).diagnostics
    assert [(d.line, d.column) for d in with_bom] == [(d.line, d.column) for d in plain]
    assert plain[0].column == 5


def test_crlf_line_endings() -> None:
    report = report_for(CALL.replace(b"\n", b"\r\n"), NAIVE)
    assert [(d.line, d.column) for d in report.diagnostics] == [(2, 5)]


def test_columns_count_characters() -> None:
    source = "import datetime\nx = ('é', datetime.datetime.now())\n".encode()
    diagnostic = report_for(source, NAIVE).diagnostics[0]
    assert diagnostic.column == 11


def test_other_files_still_linted(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_bytes(
        b"import datetime\ndef (:\n    datetime.datetime.now()\n"
    )
    (tmp_path / "good.py").write_bytes(CALL)
    result = lint_paths([tmp_path], make_config(NAIVE, tmp_path), cache=False)
    assert [Path(d.path).name for d in result.diagnostics] == ["good.py"]
    assert [Path(e.path).name for e in result.all_errors] == ["bad.py"]
    assert result.exit_code() == 2


def test_fifo_reported_not_read(tmp_path: Path) -> None:
    # Reading a FIFO waits for a writer; a lint run must not hang on one.
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "good.py").write_bytes(CALL)
    result = lint_paths([tmp_path], make_config(NAIVE, tmp_path), cache=False)
    assert [Path(d.path).name for d in result.diagnostics] == ["good.py"]
    assert [Path(e.path).name for e in result.all_errors] == ["pipe.py"]
    assert "not a regular file" in result.all_errors[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any folder")
def test_unreadable_folder_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = lint_paths([tmp_path], make_config(NAIVE, tmp_path), cache=False)
    finally:
        locked.chmod(0o755)
    assert "cannot be read" in result.all_errors[0].message


def test_unreadable_folder_reported_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # root reads every folder, so the permission error is simulated here.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (tmp_path / "good.py").write_bytes(CALL)
    result = lint_paths([tmp_path], make_config(NAIVE, tmp_path), cache=False)
    error = result.all_errors[0]
    assert error.path == str(locked)
    assert "cannot be read (Permission denied)" in error.message
    assert [Path(d.path).name for d in result.diagnostics] == ["good.py"]


def test_cli_bad_file_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gauntlet]\n", encoding="utf-8")
    (tmp_path / "bad.py").write_bytes(
        b"import datetime\n\xff\xfe datetime.datetime.now()\n"
    )
    (tmp_path / "good.py").write_bytes(CALL)
    result = run_gauntlet("lint", "--no-cache", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "bad.py:2:1: error: is not valid UTF-8" in result.stderr
    assert "good.py:2:5: GTL102" in result.stdout


def test_cli_config_error_exits_two(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.gauntlet]\nprests = []\n", encoding="utf-8"
    )
    (tmp_path / "a.py").write_bytes(CALL)
    result = run_gauntlet("lint", str(tmp_path))
    assert result.returncode == 2
    assert "tool.gauntlet.prests" in result.stderr
    assert str(tmp_path / "pyproject.toml") in result.stderr
    assert "Traceback" not in result.stderr
