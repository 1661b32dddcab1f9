"""The banned-api check resolves names through the project's own analyzer."""

from __future__ import annotations

from pathlib import Path

import pytest

from gauntlet.verify.checks import get_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.engine import read_manifest
from gauntlet.verify.rungs import get_rung
from gauntlet.verify.sandbox import Sandbox
from tests.verify.support import write_solution

BANNED = {"datetime.datetime.now": "use the injected clock"}


def run_check(tmp_path: Path, source: str, language: str = "python"):  # type: ignore[no-untyped-def]
    solution = write_solution(
        tmp_path / "solution",
        {"gauntlet.toml": f'rung = 1\nlanguage = "{language}"\n', "app.py": source},
    )
    rung = get_rung(1)
    with Sandbox(tmp_path / "session", solution) as sandbox:
        context = CheckContext(read_manifest(rung, solution), sandbox, {})
        return get_check("banned-api")(context, {"banned": BANNED})


def test_alias_call_fails(tmp_path) -> None:
    result = run_check(
        tmp_path, "from datetime import datetime as dt\nstamp = dt.now()\n"
    )
    assert not result.passed
    assert "app.py:2 datetime.datetime.now" in result.message


def test_clean_source_passes(tmp_path) -> None:
    result = run_check(tmp_path, 'import datetime\ntext = "datetime.datetime.now()"\n')
    assert result.passed, result.message


def test_other_language_cannot_judge(tmp_path) -> None:
    from gauntlet.verify.errors import CannotJudgeError

    with pytest.raises(CannotJudgeError, match="cannot read 'go' sources"):
        run_check(tmp_path, "", language="go")
