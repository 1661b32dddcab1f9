"""Running the real ``gauntlet`` CLI on solutions, for the verifier's tests."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "fixtures" / "solutions"


def run_gauntlet(
    *args: str | Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gauntlet", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def verify_json(
    rung: int | str, path: Path, *options: str
) -> tuple[int, dict[str, Any]]:
    """Run ``gauntlet verify --format json`` and return the exit code and report."""
    result = run_gauntlet("verify", str(rung), path, "--format", "json", *options)
    assert result.stdout, f"no report (exit {result.returncode}): {result.stderr}"
    return result.returncode, json.loads(result.stdout)


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: item["status"] for item in report["constraints"]}


def not_passed(report: dict[str, Any]) -> set[str]:
    """Return the ids of constraints that failed or could not run."""
    return {
        item["id"]
        for item in report["constraints"]
        if item["status"] in ("failed", "error")
    }


def message(report: dict[str, Any], constraint_id: str) -> str:
    for item in report["constraints"]:
        if item["id"] == constraint_id:
            return str(item["message"])
    raise KeyError(constraint_id)


def write_solution(folder: Path, files: dict[str, str]) -> Path:
    """Write a small solution; each value is dedented."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder
