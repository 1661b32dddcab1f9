"""The ``gauntlet-fix`` hook of .pre-commit-hooks.yaml, run by real pre-commit.

``pre-commit try-repo`` installs a clone of this repository's committed HEAD
into a virtual environment of its own with pip, as a user's pre-commit
would, so uncommitted edits are not part of the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="pre-commit installs hooks from a git repository; needs git and "
    "this repository's history",
)

NAIVE = "from datetime import datetime\n\nstamp = datetime.utcnow()\n"
FIXED = (
    "from datetime import UTC, datetime\n\n"
    "stamp = datetime.now(UTC).replace(tzinfo=None)\n"
)


def git(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_fix_hook_rewrites_staged_file(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(hooks))
    project = tmp_path / "project"
    git("init", "--quiet", str(project))
    (project / "pyproject.toml").write_text(
        '[tool.gauntlet]\ntarget-version = "py311"\n', encoding="utf-8"
    )
    (project / "stamp.py").write_text(NAIVE, encoding="utf-8")
    (project / "notes.txt").write_text("datetime.utcnow()\n", encoding="utf-8")
    git("add", "--all", cwd=project)

    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hooks)]
    result = subprocess.run(
        [*command, "gauntlet-fix", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "files were modified by this hook" in output
    assert "1 file changed, 1 fix made" in output
    assert (project / "stamp.py").read_text(encoding="utf-8") == FIXED
    assert (project / "notes.txt").read_text(encoding="utf-8") == "datetime.utcnow()\n"
