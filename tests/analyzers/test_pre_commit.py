"""The ``gauntlet-lint`` hook of .pre-commit-hooks.yaml, run by real pre-commit.

pre-commit installs the hook repository into a virtual environment of its own
with pip, the way a user's pre-commit would. The hook repository is a clone of
this repository's committed HEAD, so uncommitted edits are not part of the
test. ``pre-commit try-repo`` builds a new environment on every call, so one
test uses it and the others run ``pre-commit run`` with a configuration
naming the clone, whose environment is built once in a shared
PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="pre-commit installs hooks from a git repository; needs git and "
    "this repository's history",
)

CLOCK_CONFIG = """\
[tool.gauntlet]
presets = ["clock"]
"""

HOOK_CONFIG = """\
repos:
  - repo: {repository}
    rev: {revision}
    hooks:
      - id: gauntlet-lint
"""


def git(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clone = tmp_path_factory.mktemp("hooks") / "micro-gauntlet"
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
    return clone


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Shared by the tests of this module so the hook environment is built once.
    return tmp_path_factory.mktemp("pre-commit-home")


def make_project(folder: Path, files: dict[str, str]) -> Path:
    """Create a git repository holding ``files``, all staged."""
    git("init", "--quiet", str(folder))
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    git("add", "--all", cwd=folder)
    return folder


def pre_commit(
    project: Path, home: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def run_hook(
    project: Path, hook_repository: Path, home: Path
) -> subprocess.CompletedProcess[str]:
    """Run the lint hook the way a project that configured it would."""
    revision = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=hook_repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (project / ".pre-commit-config.yaml").write_text(
        HOOK_CONFIG.format(repository=hook_repository, revision=revision)
    )
    git("add", ".pre-commit-config.yaml", cwd=project)
    return pre_commit(project, home, "run", "--all-files")


def test_try_repo_reports_clock_read(
    tmp_path: Path, hook_repository: Path, pre_commit_home: Path
) -> None:
    project = make_project(
        tmp_path,
        {
            "pyproject.toml": CLOCK_CONFIG,
            "app/stamp.py": """\
                import datetime

                stamp = datetime.datetime.now()
            """,
        },
    )

    result = pre_commit(
        project,
        pre_commit_home,
        "try-repo",
        str(hook_repository),
        "gauntlet-lint",
        "--all-files",
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "gauntlet lint" in result.stdout
    assert "Failed" in result.stdout
    assert "app/stamp.py:3:9: GTL001" in result.stdout


def test_lint_hook_passes_clean_file(
    tmp_path: Path, hook_repository: Path, pre_commit_home: Path
) -> None:
    project = make_project(
        tmp_path,
        {
            "pyproject.toml": CLOCK_CONFIG,
            "app/stamp.py": """\
                def stamp(clock):
                    return clock()
            """,
            "notes.txt": "datetime.datetime.now()\n",
        },
    )

    result = run_hook(project, hook_repository, pre_commit_home)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_lint_hook_reports_config_error(
    tmp_path: Path, hook_repository: Path, pre_commit_home: Path
) -> None:
    project = make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.gauntlet]\npresetz = ["clock"]\n',
            "app/stamp.py": "import datetime\n\nstamp = datetime.datetime.now()\n",
        },
    )

    result = run_hook(project, hook_repository, pre_commit_home)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "tool.gauntlet.presetz" in result.stdout
    assert "Traceback" not in result.stdout
