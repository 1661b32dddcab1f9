"""Drive a rollout while an old and a new client process keep working.

The protocol, for a rename (``name`` to ``full_name``) and a type change
(``amount`` text to ``amount_cents`` integer) of the table ``accounts``:

1. the old client runs from before expand;
2. expand runs, then the new client starts (its columns exist only now);
3. migrate (the backfill) runs with both clients writing;
4. forward: the old client stops (the old version is retired), contract
   runs with the new client writing, then the new client stops;
   rollback: the new client stops (its columns are about to go), migrate
   and expand are undone with the old client writing, then it stops.

At the end every row either client wrote, and every seeded row, must hold
the value its writer last wrote, read through the schema that remains.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.migrator.zd_databases import Database, execute, query

ROOT = Path(__file__).resolve().parents[2]
PhaseAction = Callable[[str], float]
RUN_BETWEEN_PHASES = 0.3


@dataclass
class RolloutResult:
    """Figures of one rollout under load."""

    engine: str
    mode: str
    seed_rows: int
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    phase_seconds: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def failed_queries(self) -> int:
        return sum(int(report["failed"]) for report in self.reports.values())

    @property
    def queries(self) -> int:
        return sum(int(report["queries"]) for report in self.reports.values())

    def slowest_by_phase(self) -> dict[str, float]:
        slowest: dict[str, float] = {}
        for report in self.reports.values():
            for phase, seconds in report["slowest_by_phase"].items():
                slowest[phase] = max(slowest.get(phase, 0.0), float(seconds))
        return slowest


def create_accounts(database: Database, seed_rows: int) -> None:
    """Create the table of the old version and seed it."""
    if database.engine == "postgresql":
        key = "id BIGSERIAL PRIMARY KEY"
    else:
        key = "id BIGINT AUTO_INCREMENT PRIMARY KEY"
    execute(
        database.url,
        f"CREATE TABLE accounts ({key}, client VARCHAR(10) NOT NULL,"
        " seq INTEGER NOT NULL, name VARCHAR(100), amount VARCHAR(20))",
        "CREATE UNIQUE INDEX accounts_client_seq ON accounts (client, seq)",
    )
    values = ", ".join(
        f"('seed', {index}, 'seed-{index}', '{index * 7}')"
        for index in range(seed_rows)
    )
    if values:
        execute(
            database.url,
            f"INSERT INTO accounts (client, seq, name, amount) VALUES {values}",
        )


class Workload:
    """The two client processes and the control folder they watch."""

    def __init__(self, database: Database, control: Path) -> None:
        self.database = database
        self.control = control
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        control.mkdir(parents=True, exist_ok=True)

    def set_phase(self, phase: str) -> None:
        temporary = self.control / "phase.tmp"
        temporary.write_text(phase, encoding="utf-8")
        temporary.replace(self.control / "phase")

    def start(self, version: str) -> None:
        self.processes[version] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.migrator.zd_workload",
                self.database.url,
                version,
                str(self.control),
            ],
            cwd=ROOT,
        )
        ready = self.control / f"ready-{version}"
        deadline = time.monotonic() + 30
        while not ready.exists():
            if self.processes[version].poll() is not None:
                raise RuntimeError(f"the {version} client exited before it started")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the {version} client did not start in 30 s")
            time.sleep(0.02)

    def stop(self, version: str) -> None:
        (self.control / f"stop-{version}").touch()
        process = self.processes.pop(version)
        process.wait(timeout=60)
        report = self.control / f"report-{version}.json"
        self.reports[version] = json.loads(report.read_text(encoding="utf-8"))

    def kill_all(self) -> None:
        for process in self.processes.values():
            process.kill()
            process.wait()
        self.processes.clear()


def run_under_load(
    database: Database,
    control: Path,
    apply_phase: PhaseAction,
    rollback: PhaseAction | None,
    seed_rows: int,
) -> RolloutResult:
    """Run the protocol above; ``rollback`` set means undo from the middle.

    ``apply_phase(phase)`` and ``rollback(phase)`` run the migrator and
    return how many seconds it took.
    """
    mode = "rollback" if rollback else "forward"
    result = RolloutResult(database.engine, mode, seed_rows)
    create_accounts(database, seed_rows)
    workload = Workload(database, control)
    try:
        workload.set_phase("before")
        workload.start("old")
        time.sleep(RUN_BETWEEN_PHASES)
        for phase in ("expand", "migrate"):
            workload.set_phase(phase)
            result.phase_seconds[phase] = apply_phase(phase)
            if phase == "expand":
                workload.start("new")
            time.sleep(RUN_BETWEEN_PHASES)
        if rollback is None:
            workload.stop("old")
            workload.set_phase("contract")
            result.phase_seconds["contract"] = apply_phase("contract")
            workload.set_phase("after")
            time.sleep(RUN_BETWEEN_PHASES)
            workload.stop("new")
        else:
            workload.stop("new")
            workload.set_phase("rollback")
            result.phase_seconds["rollback"] = rollback("expand")
            workload.set_phase("after")
            time.sleep(RUN_BETWEEN_PHASES)
            workload.stop("old")
    finally:
        workload.kill_all()
    result.reports = workload.reports
    _verify_rows(database, result, "new" if rollback is None else "old")
    return result


def _verify_rows(database: Database, result: RolloutResult, schema: str) -> None:
    name, amount = (
        ("full_name", "amount_cents") if schema == "new" else ("name", "amount")
    )
    rows = query(database.url, f"SELECT client, seq, {name}, {amount} FROM accounts")
    found = {(str(row[0]), int(row[1])): (row[2], row[3]) for row in rows}
    expected: dict[tuple[str, int], tuple[str, int]] = {
        ("seed", index): (f"seed-{index}", index * 7)
        for index in range(result.seed_rows)
    }
    for version, report in result.reports.items():
        for seq, value in report["expected"].items():
            expected[(version, int(seq))] = (str(value[0]), int(value[1]))
    for key, value in sorted(expected.items()):
        if key not in found:
            result.missing.append(f"{key[0]}:{key[1]}")
            continue
        seen = found[key]
        if seen[0] is None or seen[1] is None or (str(seen[0]), int(seen[1])) != value:
            result.wrong.append(f"{key[0]}:{key[1]} is {seen!r}, expected {value!r}")
