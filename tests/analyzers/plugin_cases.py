"""Fixture projects and expected reports shared by the flake8 and pylint tests.

A fixture line ends with ``# expect: CODE ...`` for what every frontend
reports there, and ``# expect-astroid: CODE ...`` for what only the pylint
plugin adds through astroid inference.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from analyzers.rules import Rule, all_rules

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plugins"
CODE = re.compile(r"GTL\d{3}")
MARK = re.compile(r"#\s*expect(-astroid)?:\s*((?:GTL\d{3}[\s,]*)+)")

# (file relative to the project, line, code)
Expected = set[tuple[str, int, str]]


def copy_project(destination: Path) -> Path:
    """Copy the fixture project and the alternative config into ``destination``."""
    project = destination / "project"
    shutil.copytree(FIXTURES / "project", project)
    shutil.copy(FIXTURES / "other-config.toml", destination / "other-config.toml")
    return project


def expected_reports(
    project: Path, files: Iterable[str], pylint: bool = False
) -> Expected:
    """Read the expect marks of ``files``; ``pylint`` adds the pylint-only ones."""
    expected: Expected = set()
    for name in files:
        text = (project / name).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in MARK.finditer(line):
                if match.group(1) and not pylint:
                    continue
                for code in CODE.findall(match.group(2)):
                    expected.add((name, number, code))
    return expected


def toml_value(value: object) -> str:
    """Render a JSON-like value as TOML (strings, numbers, lists, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        items = (
            f"{json.dumps(key)} = {toml_value(item)}" for key, item in value.items()
        )
        return "{ " + ", ".join(items) + " }"
    raise TypeError(f"cannot render {value!r} as TOML")


def gauntlet_table(table: Mapping[str, object]) -> str:
    lines = ["[tool.gauntlet]"]
    lines.extend(
        f"{json.dumps(key)} = {toml_value(value)}" for key, value in table.items()
    )
    return "\n".join(lines) + "\n"


def write_rule_examples(destination: Path) -> dict[str, Rule]:
    """Write every rule's valid and invalid examples, each in its own project.

    Returns the rule of each written file, keyed by the path relative to
    ``destination``. A project folder contains the example and a pyproject.toml
    with the rule's example configuration.
    """
    written = {}
    for rule in all_rules():
        examples = [("invalid", text) for text in rule.invalid]
        examples += [("valid", text) for text in rule.valid]
        for index, (kind, text) in enumerate(examples):
            folder = destination / f"{rule.code.lower()}_{kind}_{index}"
            folder.mkdir(parents=True)
            (folder / "pyproject.toml").write_text(gauntlet_table(rule.example_config))
            # Unique module names: pylint caches modules by name.
            (folder / f"{folder.name}.py").write_text(text, encoding="utf-8")
            written[f"{folder.name}/{folder.name}.py"] = rule
    return written


def expected_from_examples(destination: Path, written: Mapping[str, Rule]) -> Expected:
    """Return the marks of the written examples for their own rule's code."""
    expected = expected_reports(destination, written)
    return {item for item in expected if item[2] == written[item[0]].code}
