"""The project passes its own lint rules."""

from __future__ import annotations

from tests.analyzers.conftest import run_gauntlet


def test_project_passes_own_rules() -> None:
    result = run_gauntlet(
        "lint", "--no-cache", "analyzers", "codemods", "migrator", "gauntlet"
    )
    assert result.returncode == 0, result.stdout + result.stderr
