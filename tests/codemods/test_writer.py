"""Fixed files are replaced atomically and keep their permission bits."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from codemods.errors import WriteError
from codemods.writer import write_atomic


def test_write_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "module.py"
    target.write_bytes(b"old\n")
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"


def test_write_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "script.py"
    target.write_bytes(b"old\n")
    target.chmod(0o754)
    write_atomic(target, b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o754


def test_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "module.py"
    target.write_bytes(b"old\n")
    write_atomic(target, b"new\n")
    assert sorted(os.listdir(tmp_path)) == ["module.py"]


def test_failed_replace_keeps_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "module.py"
    target.write_bytes(b"old\n")

    def failing_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(WriteError) as caught:
        write_atomic(target, b"new\n")
    assert "No space left on device" in str(caught.value)
    assert target.read_bytes() == b"old\n"
    assert sorted(os.listdir(tmp_path)) == ["module.py"]
