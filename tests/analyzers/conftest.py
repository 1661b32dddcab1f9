"""Shared helpers: lint a snippet with a given ``[tool.gauntlet]`` table."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analyzers.config import Config, parse_config
from analyzers.diagnostic import Diagnostic, FileReport
from analyzers.engine import check_source

ROOT = Path(__file__).resolve().parents[2]

Lint = Callable[..., list[Diagnostic]]


def make_config(table: dict[str, Any] | None = None, root: Path = ROOT) -> Config:
    return parse_config(table or {}, root / "pyproject.toml")


def report_for(source: str | bytes, table: dict[str, Any] | None = None) -> FileReport:
    if isinstance(source, str):
        source = textwrap.dedent(source)
    return check_source(source, str(ROOT / "example.py"), make_config(table))


@pytest.fixture
def lint() -> Lint:
    """Return a function linting dedented source with a config table."""

    def run(source: str, **table: Any) -> list[Diagnostic]:
        normalized = {key.replace("_", "-"): value for key, value in table.items()}
        report = report_for(source, normalized)
        assert not report.errors, report.errors
        return list(report.diagnostics)

    return run


def run_gauntlet(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gauntlet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter from the repository root."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def lines_and_codes(diagnostics: list[Diagnostic]) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in diagnostics]
