"""Roll out a rename and a type change under live load, and print the figures.

Usage: ``python benchmarks/rollout_load.py [--rows N] [--batch-size N]
[--output PATH]``. For PostgreSQL and MariaDB on 127.0.0.1 it runs a forward
rollout (expand, migrate, contract) and a rollback from between migrate and
contract, each with an old and a new client process working the whole
time, through the real ``migrator`` command line. It prints per run: client
queries, failed queries, the slowest client query per phase, migrator time
per phase and rows moved by the backfill, and writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rollout_common import (  # noqa: E402
    add_output_option,
    engine_reachable,
    exit_on_sigterm,
    write_record,
)

from tests.migrator.zd_databases import temporary_database  # noqa: E402
from tests.migrator.zd_projects import (  # noqa: E402
    migrator,
    write_accounts_rollout,
    write_project,
)
from tests.migrator.zd_rollout import run_under_load  # noqa: E402

MOVED = re.compile(r"backfilled (\S+): (\d+) rows moved in (\d+) batches")


def run_one(engine: str, mode: str, rows: int, batch_size: int) -> dict[str, Any]:
    moved: dict[str, int] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        temporary_database(engine, Path(folder)) as database,
    ):
        project = write_project(Path(folder) / "project", {"accounts": database})
        write_accounts_rollout(project, "accounts", batch_size)

        def timed(*arguments: str) -> float:
            started = time.perf_counter()
            result = migrator(project, *arguments)
            if result.returncode != 0:
                raise RuntimeError(f"migrator {arguments} failed:\n{result.stderr}")
            for match in MOVED.finditer(result.stderr):
                moved[match.group(1)] = moved.get(match.group(1), 0) + int(
                    match.group(2)
                )
            return time.perf_counter() - started

        result = run_under_load(
            database,
            Path(folder) / "control",
            lambda phase: timed("apply", "--phase", phase),
            (lambda phase: timed("rollback", "--to", "base"))
            if mode == "rollback"
            else None,
            rows,
        )
    return {
        "engine": engine,
        "mode": mode,
        "seed_rows": rows,
        "batch_size": batch_size,
        "queries": {v: r["queries"] for v, r in result.reports.items()},
        "failed_queries": result.failed_queries,
        "errors": [e for r in result.reports.values() for e in r["errors"]],
        "slowest_ms_by_phase": {
            phase: round(seconds * 1000, 1)
            for phase, seconds in result.slowest_by_phase().items()
        },
        "migrator_seconds_by_phase": {
            phase: round(seconds, 2) for phase, seconds in result.phase_seconds.items()
        },
        "rows_moved": moved,
        "rows_missing": len(result.missing),
        "rows_wrong": len(result.wrong),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="seeded rows")
    parser.add_argument("--batch-size", type=int, default=1000, help="backfill batch")
    add_output_option(parser, "rollout_load")
    arguments = parser.parse_args()
    exit_on_sigterm()
    load_before = os.getloadavg()
    runs = []
    for engine in ("postgresql", "mariadb"):
        if not engine_reachable(engine):
            continue
        for mode in ("forward", "rollback"):
            run = run_one(engine, mode, arguments.rows, arguments.batch_size)
            runs.append(run)
            print(json.dumps(run))
    record: dict[str, Any] = {
        "machine": platform.platform(),
        "python": sys.version.split()[0],
        "load_average_start": [round(value, 2) for value in load_before],
        "load_average_end": [round(value, 2) for value in os.getloadavg()],
    }
    print(json.dumps(record))
    record["runs"] = runs
    write_record(arguments.output, record)
    failed = any(
        run["failed_queries"] or run["rows_missing"] or run["rows_wrong"]
        for run in runs
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
