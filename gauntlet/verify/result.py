"""What checks return and what a verification run reports."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gauntlet.verify.constraint import Constraint


class Status(enum.Enum):
    """The verdict on one constraint."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"  # the solution could not be run, so no verdict was reached
    MANUAL = "manual"  # people judge it; the reason is in the constraint


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check on one solution.

    ``measurements`` holds the figures behind the verdict (sample sizes,
    percentiles, line counts) under stable keys, for the JSON report.
    """

    passed: bool
    message: str
    measurements: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def ok(cls, message: str, **measurements: Any) -> CheckResult:
        return cls(True, message, measurements)

    @classmethod
    def fail(cls, message: str, **measurements: Any) -> CheckResult:
        return cls(False, message, measurements)


@dataclass(frozen=True)
class ConstraintResult:
    """The verdict on one constraint of a rung, with the check's figures."""

    constraint: Constraint
    status: Status
    message: str
    seconds: float = 0.0
    measurements: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SandboxInfo:
    """How the solution was confined, stated in every report."""

    isolation: str  # "bwrap", "unshare" or "none"
    network: str  # what the solution could reach
    filesystem: str  # what it could write
    process_limit: str  # what bounded the number of processes
    wall_seconds: float
    memory_bytes: int


@dataclass(frozen=True)
class RungReport:
    """Every constraint verdict of one rung on one solution."""

    rung: int
    title: str
    solution: str
    sandbox: SandboxInfo | None
    results: tuple[ConstraintResult, ...]
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 every automatic constraint passed, 1 one failed, 2 one could not run."""
        statuses = {result.status for result in self.results}
        if Status.ERROR in statuses:
            return 2
        if Status.FAILED in statuses:
            return 1
        return 0

    def failed(self) -> list[str]:
        """Return the ids of the constraints that failed or could not run."""
        return [
            result.constraint.id
            for result in self.results
            if result.status in (Status.FAILED, Status.ERROR)
        ]
