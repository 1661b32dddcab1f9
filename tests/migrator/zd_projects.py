"""Migrator projects for the rollout tests, and the CLI that runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.migrator.zd_databases import Database

ROOT = Path(__file__).resolve().parents[2]

RENAME = (
    '{ kind = "rename-column", table = "accounts", from = "name",'
    ' to = "full_name", type = "VARCHAR(100)", batch_size = BATCH }'
)
TYPE_CHANGE = (
    '{ kind = "change-column-type", table = "accounts", column = "amount",'
    ' to = "amount_cents", from_type = "VARCHAR(20)", to_type = "BIGINT",'
    ' using = "CAST({value} AS INTEGER)", reverse_using = "CONCAT({value}, \'\')",'
    " batch_size = BATCH }"
)
ROLLOUT_FILES = (
    ("0001_expand_accounts", "expand"),
    ("0002_backfill_accounts", "migrate"),
    ("0003_contract_accounts", "contract"),
)


def write_project(folder: Path, services: dict[str, Database]) -> Path:
    """Write ``migrator.toml`` naming one service per database."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["lock_timeout = 20", ""]
    for service, database in services.items():
        (folder / "migrations" / service).mkdir(parents=True, exist_ok=True)
        lines += [
            f"[services.{service}]",
            f'database = "{database.url}"',
            f'migrations = "migrations/{service}"',
            "",
        ]
    (folder / "migrator.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def write_migration(folder: Path, service: str, name: str, text: str) -> None:
    path = folder / "migrations" / service / f"{name}.toml"
    path.write_text(text, encoding="utf-8")


def write_accounts_rollout(folder: Path, service: str, batch_size: int) -> None:
    """Add the rename and type change of ``accounts`` as three migrations."""
    operations = ", ".join(
        template.replace("BATCH", str(batch_size)) for template in (RENAME, TYPE_CHANGE)
    )
    for name, phase in ROLLOUT_FILES:
        write_migration(
            folder, service, name, f'phase = "{phase}"\noperation = [{operations}]\n'
        )


def migrator(
    project: Path, *arguments: str, faults: str = "", timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real ``migrator`` command line on ``project``."""
    environment = dict(os.environ)
    environment.pop("MIGRATOR_FAULTS", None)
    if faults:
        environment["MIGRATOR_FAULTS"] = faults
    return subprocess.run(
        [sys.executable, "-m", "migrator", "--project", str(project), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
        check=False,
    )


def timed_migrator(project: Path, *arguments: str) -> float:
    """Run ``migrator`` and return its wall time; raise when it fails."""
    started = time.perf_counter()
    result = migrator(project, *arguments)
    if result.returncode != 0:
        raise RuntimeError(
            f"migrator {' '.join(arguments)} exited {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return time.perf_counter() - started
