"""The two console scripts start, print help and report their version."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gauntlet import __version__


@pytest.mark.parametrize("module", ["gauntlet", "migrator"])
def test_help_exits_zero(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout


@pytest.mark.parametrize("module", ["gauntlet", "migrator"])
def test_version_matches_package(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", module, "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout


def test_unknown_subcommand_exits_two() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gauntlet", "no-such-command"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "no-such-command" in result.stderr
