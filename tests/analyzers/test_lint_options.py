"""The quick parser of ``gauntlet lint`` agrees with click, or defers to it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import pytest

from analyzers.cli import lint_command
from analyzers.lint_options import LintRequest, parse_quickly
from tests.analyzers.conftest import run_python

# Argument lists the quick parser must take, as click would.
TAKEN = [
    [],
    ["src"],
    ["src", "tests", "--no-cache"],
    ["--format", "json", "src"],
    ["--format=sarif"],
    ["--select", "GTL1", "--select=GTL0", "--ignore", "GTL102,GTL103"],
    ["--jobs", "3", "--no-cache", "."],
    ["--jobs=1"],
    ["--config", "pyproject.toml", "--baseline", "base.json"],
    ["--write-baseline", "--", "--odd-name.py"],
]
# Argument lists the quick parser must leave to click.
DEFERRED = [
    ["--help"],
    ["-h"],
    ["--format", "xml"],
    ["--jobs", "0"],
    ["--jobs", "many"],
    ["--jobs"],
    ["--no-cache=yes"],
    ["--unknown"],
    ["--select", "--no-cache"],
    ["--config", "."],
    ["-"],
]


def click_request(arguments: list[str]) -> LintRequest:
    context = lint_command.make_context("lint", list(arguments))
    return LintRequest(**context.params)


@pytest.mark.parametrize("arguments", TAKEN, ids=" ".join)
def test_quick_parser_matches_click(arguments: list[str]) -> None:
    quick = parse_quickly(arguments)
    assert quick is not None
    assert dataclasses.asdict(quick) == dataclasses.asdict(click_request(arguments))


@pytest.mark.parametrize("arguments", DEFERRED, ids=" ".join)
def test_quick_parser_defers_to_click(arguments: list[str]) -> None:
    assert parse_quickly(arguments) is None


def test_deferred_arguments_are_errors_or_help() -> None:
    for arguments in DEFERRED:
        if arguments[0] in {"--help", "-h", "--select", "-"}:
            continue  # help, or valid for click in its own way
        with pytest.raises(click.UsageError):
            click_request(arguments)


def test_plain_lint_does_not_import_click(tmp_path: Path) -> None:
    (tmp_path / "module.py").write_text("import time\nstamp = time.time()\n")
    code = (
        "import sys\n"
        "from gauntlet.cli import main\n"
        f"sys.argv = ['gauntlet', 'lint', '--no-cache', {str(tmp_path)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    print('EXIT', exit.code, 'CLICK', 'click' in sys.modules)\n"
    )
    result = run_python(code)
    assert "EXIT 1 CLICK False" in result.stdout, result.stdout + result.stderr
    assert "GTL001" in result.stdout
