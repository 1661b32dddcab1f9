"""``gauntlet export-ruff`` checked against real ruff on the same file.

The exported table goes into the project's pyproject.toml next to
``[tool.gauntlet]``, ruff runs with only TID251 selected, and every use ruff
reports must be one that ``gauntlet lint`` reports too, at the same place
and with the configured message. ruff also reports the import of a banned
member (``from time import time``), which ``gauntlet lint`` does not count as
a use; those reports are checked to sit on import statements.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ruff_export"
SOURCE = "api_uses.py"
RUFF_TARGET = re.compile(r"^`(?P<target>[\w.]+)` is banned: (?P<reason>.*)$")

# (line, column, dotted name)
Place = tuple[int, int, str]


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the fixture and append the exported table plus a TID251-only ruff setup."""
    project = tmp_path_factory.mktemp("export") / "project"
    shutil.copytree(FIXTURE, project)
    exported = run(project, sys.executable, "-m", "gauntlet", "export-ruff")
    assert exported.returncode == 0, exported.stderr
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + '\n[tool.ruff.lint]\nselect = ["TID251"]\n\n'
        + exported.stdout
    )
    return project


@pytest.fixture(scope="module")
def ruff(project: Path) -> dict[Place, str]:
    """Run ruff on the fixture; map each report's place to its reason."""
    result = run(
        project,
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--no-cache",
        "--output-format",
        "json",
        SOURCE,
    )
    assert result.returncode in (0, 1), result.stderr
    reports = {}
    for item in json.loads(result.stdout):
        assert item["code"] == "TID251", item
        match = RUFF_TARGET.match(item["message"])
        assert match is not None, item["message"]
        place = (item["location"]["row"], item["location"]["column"], match["target"])
        reports[place] = match["reason"]
    return reports


@pytest.fixture(scope="module")
def ours(project: Path) -> dict[Place, str]:
    """Run gauntlet lint on the fixture; map each report's place to its message."""
    result = run(
        project,
        sys.executable,
        "-m",
        "gauntlet",
        "lint",
        "--no-cache",
        "--format",
        "json",
        SOURCE,
    )
    assert result.returncode == 1, result.stderr
    reports = {}
    for item in json.loads(result.stdout)["diagnostics"]:
        place = (item["line"], item["column"], item["target"])
        reports[place] = item["message"]
    return reports


def import_lines(path: Path) -> set[int]:
    tree = ast.parse(path.read_text())
    return {
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
    }


def marked_lines(path: Path) -> set[int]:
    lines = path.read_text().splitlines()
    return {
        number for number, line in enumerate(lines, start=1) if line.endswith("# both")
    }


def test_ruff_uses_are_reported_by_gauntlet(
    project: Path, ruff: dict[Place, str], ours: dict[Place, str]
) -> None:
    imports = import_lines(project / SOURCE)

    uses = {place for place in ruff if place[0] not in imports}
    assert uses <= set(ours)


def test_ruff_extra_reports_are_imports(
    project: Path, ruff: dict[Place, str], ours: dict[Place, str]
) -> None:
    imports = import_lines(project / SOURCE)

    extra_lines = {place[0] for place in set(ruff) - set(ours)}
    assert extra_lines <= imports


def test_marked_lines_reported_by_both(
    project: Path, ruff: dict[Place, str], ours: dict[Place, str]
) -> None:
    marked = marked_lines(project / SOURCE)

    assert marked <= {place[0] for place in ruff}
    assert marked <= {place[0] for place in ours}


def test_ruff_messages_carry_configured_reason(
    ruff: dict[Place, str], ours: dict[Place, str]
) -> None:
    for place, reason in ruff.items():
        if place in ours:
            assert reason in ours[place], place


def test_exported_table_lists_configured_ban(project: Path) -> None:
    text = (project / "pyproject.toml").read_text()

    assert '"time.sleep".msg = "wait through the injected scheduler"' in text
