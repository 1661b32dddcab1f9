"""``gauntlet fix`` on a copy of the standard library.

Zero crashes; every changed file still compiles; every unchanged file keeps
its bytes and its modification time; a second run changes nothing. The
normal run takes a subset, the ``slow`` run the whole library.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import warnings
from pathlib import Path

import pytest

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SUBSET_SIZE = 150
# Files above this size make the subset slow without testing anything new.
SUBSET_MAX_BYTES = 60_000
CALLS = re.compile(rb"utcnow|utcfromtimestamp|fromtimestamp|\.today\(|\.now\(")
CONFIG = '[tool.gauntlet]\ntarget-version = "py311"\n'


def stdlib_files() -> list[Path]:
    return sorted(
        path
        for path in STDLIB.rglob("*.py")
        if "site-packages" not in path.relative_to(STDLIB).parts
    )


def subset(files: list[Path]) -> list[Path]:
    """Half files that call the datetime methods, half spread over the rest."""
    small = [path for path in files if path.stat().st_size <= SUBSET_MAX_BYTES]
    calls = [path for path in small if CALLS.search(path.read_bytes())]
    chosen = calls[: SUBSET_SIZE // 2]
    others = [path for path in small if path not in set(chosen)]
    step = max(1, len(others) // (SUBSET_SIZE - len(chosen)))
    return chosen + others[::step][: SUBSET_SIZE - len(chosen)]


def copy_tree(files: list[Path], destination: Path) -> dict[Path, tuple[bytes, int]]:
    copied = {}
    for source in files:
        target = destination / source.relative_to(STDLIB)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied[target] = (target.read_bytes(), target.stat().st_mtime_ns)
    (destination / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return copied


def gauntlet_fix(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gauntlet", "fix", "--jobs", "2", *args, "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def check_tree(files: list[Path], root: Path, unsafe: bool) -> None:
    flags = ["--unsafe-fixes"] if unsafe else []
    before = copy_tree(files, root)

    first = gauntlet_fix(root, *flags)
    assert "internal error" not in first.stderr, first.stderr
    assert first.returncode in (0, 1, 2), first.stderr
    errors = [line for line in first.stderr.splitlines() if ": error: " in line]
    assert all("cannot be parsed" in line for line in errors), errors

    changed = []
    for path, (data, mtime) in before.items():
        after = path.read_bytes()
        if after == data:
            assert path.stat().st_mtime_ns == mtime, path
            continue
        changed.append(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(after, str(path), "exec", dont_inherit=True)
    assert changed, "no file of the tree was fixed, so the test checks nothing"

    second = gauntlet_fix(root, "--check", *flags)
    assert "internal error" not in second.stderr, second.stderr
    assert "0 files would change" in second.stdout, second.stdout + second.stderr


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_stdlib_subset_fixed(tmp_path: Path, unsafe: bool) -> None:
    check_tree(subset(stdlib_files()), tmp_path, unsafe)


@pytest.mark.slow
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_whole_stdlib_fixed(tmp_path: Path, unsafe: bool) -> None:
    check_tree(stdlib_files(), tmp_path, unsafe)
