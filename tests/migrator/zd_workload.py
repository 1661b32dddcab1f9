"""A client process that speaks one schema version in a loop during a rollout.

Run as ``python -m tests.migrator.zd_workload URL old|new CONTROL_DIR``. The
client inserts rows, updates its own rows and reads each one back, until the
file ``stop-<version>`` appears in CONTROL_DIR. It tags every query with the
rollout phase named in the file ``phase`` (written by the orchestrator), and
writes ``report-<version>.json`` at the end: queries run, failed queries
with their errors, the slowest query per phase, and the value it expects in
each row it wrote.

The table is ``accounts(id, client, seq, name, amount)`` for the old version
and ``accounts(id, client, seq, full_name, amount_cents)`` for the new one:
one rename (``name`` to ``full_name``) and one type change (``amount`` as
text to ``amount_cents`` as an integer).
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.migrator.zd_databases import connect

COLUMNS = {"old": ("name", "amount"), "new": ("full_name", "amount_cents")}
MAX_ERRORS_KEPT = 20


@dataclass
class ClientReport:
    """What one client did and saw during the rollout."""

    version: str
    queries: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    slowest_by_phase: dict[str, float] = field(default_factory=dict)
    queries_by_phase: dict[str, int] = field(default_factory=dict)
    expected: dict[int, tuple[str, int]] = field(default_factory=dict)

    def record(self, phase: str, seconds: float) -> None:
        self.queries += 1
        self.queries_by_phase[phase] = self.queries_by_phase.get(phase, 0) + 1
        if seconds > self.slowest_by_phase.get(phase, 0.0):
            self.slowest_by_phase[phase] = seconds

    def fail(self, phase: str, error: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(f"[{phase}] {error}")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "queries": self.queries,
            "failed": self.failed,
            "errors": self.errors,
            "slowest_by_phase": self.slowest_by_phase,
            "queries_by_phase": self.queries_by_phase,
            "expected": {str(seq): list(value) for seq, value in self.expected.items()},
        }


class Client:
    """One application version running its queries against the database."""

    def __init__(self, url: str, version: str, control: Path) -> None:
        self.url = url
        self.version = version
        self.control = control
        self.report = ClientReport(version)
        self.random = random.Random(f"{version}-{url}")
        self.connection: Any = None
        self.seq = 0

    def phase(self) -> str:
        try:
            return (self.control / "phase").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return "unknown"

    def timed(self, statement: str, arguments: tuple[Any, ...]) -> list[Any]:
        """Run one autocommit query; count it and its time under the phase."""
        phase = self.phase()
        if self.connection is None:
            self.connection = connect(self.url, autocommit=True)
        started = time.perf_counter()
        cursor = self.connection.cursor()
        cursor.execute(statement, arguments)
        rows = list(cursor.fetchall()) if cursor.description else []
        self.report.record(phase, time.perf_counter() - started)
        return rows

    def iteration(self) -> None:
        name_column, amount_column = COLUMNS[self.version]
        self.seq += 1
        value = (f"{self.version}-{self.seq}", self.random.randrange(10**6))
        self.timed(
            f"INSERT INTO accounts (client, seq, {name_column}, {amount_column})"
            " VALUES (%s, %s, %s, %s)",
            (self.version, self.seq, value[0], self._amount(value[1])),
        )
        self.report.expected[self.seq] = value
        self.check(self.seq)
        target = self.random.randint(1, self.seq)
        updated = (f"{self.version}-{target}-u{self.seq}", self.random.randrange(10**6))
        self.timed(
            f"UPDATE accounts SET {name_column} = %s, {amount_column} = %s"
            " WHERE client = %s AND seq = %s",
            (updated[0], self._amount(updated[1]), self.version, target),
        )
        self.report.expected[target] = updated
        self.check(target)

    def check(self, seq: int) -> None:
        name_column, amount_column = COLUMNS[self.version]
        rows = self.timed(
            f"SELECT {name_column}, {amount_column} FROM accounts"
            " WHERE client = %s AND seq = %s",
            (self.version, seq),
        )
        seen = [(str(row[0]), int(row[1])) for row in rows]
        if seen != [self.report.expected[seq]]:
            raise AssertionError(
                f"row {self.version}:{seq} reads {seen!r},"
                f" expected {self.report.expected[seq]!r}"
            )

    def _amount(self, amount: int) -> object:
        return str(amount) if self.version == "old" else amount

    def run(self) -> ClientReport:
        stop = self.control / f"stop-{self.version}"
        (self.control / f"ready-{self.version}").touch()
        while not stop.exists():
            try:
                self.iteration()
            except Exception as err:  # every failure counts as a failed query
                self.report.fail(self.phase(), f"{type(err).__name__}: {err}")
                self._reconnect()
        if self.connection is not None:
            self.connection.close()
        return self.report

    def _reconnect(self) -> None:
        try:
            if self.connection is not None:
                self.connection.close()
        except Exception:  # the connection may already be broken
            pass
        self.connection = None
        time.sleep(0.01)


def main(argv: list[str]) -> int:
    url, version, control = argv[0], argv[1], Path(argv[2])
    report = Client(url, version, control).run()
    target = control / f"report-{version}.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(report.to_json()), encoding="utf-8")
    temporary.replace(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
