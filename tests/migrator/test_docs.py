"""docs/failure-modes.md names only tests that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from migrator.loader import MIGRATION_KEYS

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"`(test_\w+\.py)::(test_\w+)`")


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_failure_modes_tests_exist() -> None:
    text = (ROOT / "docs" / "failure-modes.md").read_text()
    references = REFERENCE.findall(text)
    missing = []
    for file_name, test_name in references:
        path = ROOT / "tests" / "migrator" / file_name
        if not path.exists() or test_name not in defined_tests(path):
            missing.append(f"{file_name}::{test_name}")

    assert len(references) > 20
    assert missing == []


def test_module_names_match_loader() -> None:
    text = " ".join((ROOT / "docs" / "migrator.md").read_text().split())
    match = re.search(r"Public upper-case names other than `([A-Z_, ]+)`", text)

    assert match is not None
    documented = {name.strip() for name in match.group(1).split(",")}
    assert documented == {key.upper() for key in MIGRATION_KEYS}
