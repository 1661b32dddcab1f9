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


SEED_ITEMS = 20
BASE_FILES = ("0001_items", "0001_orders")


def write_services_project(
    folder: Path, engine: str, catalog: Database, orders: Database
) -> Path:
    """Write a two-service project whose base migrations are not yet applied.

    ``catalog`` renames ``items.name`` to ``title`` (expand, then backfill);
    ``orders`` adds a column, an index and a summary table, each requiring
    the matching catalog migration. On SQLite the rename is plain SQL,
    because expand/contract operations are rejected there.
    """
    write_project(folder, {"catalog": catalog, "orders": orders})
    seed = ", ".join(f"({i}, 'item-{i}')" for i in range(1, SEED_ITEMS + 1))
    write_migration(
        folder,
        "catalog",
        "0001_items",
        _steps(
            "expand",
            [
                (
                    "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(100))",
                    "DROP TABLE items",
                ),
                (f"INSERT INTO items (id, name) VALUES {seed}", ""),
            ],
        ),
    )
    quantities = ", ".join(f"({i}, {1 + i % 4}, {i * 3})" for i in range(1, 31))
    write_migration(
        folder,
        "orders",
        "0001_orders",
        _steps(
            "expand",
            [
                (
                    "CREATE TABLE orders (id INTEGER PRIMARY KEY, item_id INTEGER,"
                    " quantity INTEGER)",
                    "DROP TABLE orders",
                ),
                (f"INSERT INTO orders (id, item_id, quantity) VALUES {quantities}", ""),
            ],
        ),
    )
    return folder


def write_services_rollout(folder: Path, engine: str) -> None:
    """Add the rollout migrations to a project from write_services_project."""
    rename = (
        'operation = { kind = "rename-column", table = "items", from = "name",'
        ' to = "title", type = "VARCHAR(100)", batch_size = 7 }\n'
    )
    if engine == "sqlite":
        expand = _steps(
            "expand",
            [
                (
                    "ALTER TABLE items ADD COLUMN title VARCHAR(100)",
                    "ALTER TABLE items DROP COLUMN title",
                ),
            ],
        )
        backfill = _steps(
            "migrate",
            [("UPDATE items SET title = name", "UPDATE items SET title = NULL")],
        )
    else:
        expand = f'phase = "expand"\n{rename}'
        backfill = f'phase = "migrate"\n{rename}'
    write_migration(folder, "catalog", "0002_expand_title", expand)
    write_migration(folder, "catalog", "0003_backfill_title", backfill)
    drop_index = (
        "DROP INDEX orders_item ON orders"
        if engine == "mariadb"
        else "DROP INDEX orders_item"
    )
    write_migration(
        folder,
        "orders",
        "0002_order_notes",
        _steps(
            "expand",
            [
                (
                    "ALTER TABLE orders ADD COLUMN note VARCHAR(200)",
                    "ALTER TABLE orders DROP COLUMN note",
                ),
                ("CREATE INDEX orders_item ON orders (item_id)", drop_index),
            ],
            requires="catalog:0002_expand_title",
        ),
    )
    write_migration(
        folder,
        "orders",
        "0003_order_totals",
        _steps(
            "migrate",
            [
                (
                    "CREATE TABLE order_totals (item_id INTEGER PRIMARY KEY,"
                    " total INTEGER)",
                    "DROP TABLE order_totals",
                ),
                (
                    "INSERT INTO order_totals SELECT item_id, SUM(quantity)"
                    " FROM orders GROUP BY item_id",
                    "DELETE FROM order_totals",
                ),
                ("UPDATE orders SET note = 'counted'", "UPDATE orders SET note = NULL"),
            ],
            requires="catalog:0003_backfill_title",
        ),
    )


def _steps(phase: str, steps: list[tuple[str, str]], requires: str = "") -> str:
    lines = [f'phase = "{phase}"']
    if requires:
        lines.append(f'requires = ["{requires}"]')
    for up, down in steps:
        lines += [
            "",
            "[[steps]]",
            f"up = {_toml_string(up)}",
            f"down = {_toml_string(down)}",
        ]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
