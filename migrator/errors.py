"""The exception hierarchy of ``migrator``.

Every error the tool raises on purpose derives from :class:`MigratorError`,
and each subclass carries the exit code the command line uses for it: 2 for
bad input (project files, requests, unreachable databases), 1 for a rollout
or check that ran and failed.
"""

from __future__ import annotations

from collections.abc import Iterable


class MigratorError(Exception):
    """Base of every error that ``migrator`` raises on purpose."""

    exit_code = 2


class ProjectError(MigratorError):
    """The project file or a migration file is invalid.

    ``problems`` lists every problem found, so one run reports them all.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class GraphError(ProjectError):
    """The migration graph has a cycle, a self-loop or a dangling reference."""


class PlanError(MigratorError):
    """The request cannot be planned (ambiguous target, refused rollback)."""


class NothingApplied(PlanError):
    """A rollback found nothing applied to undo."""


class ConnectionFailed(MigratorError):
    """A database could not be reached or rejected the credentials."""


class LockTimeout(MigratorError):
    """The database lock was not free within the lock timeout."""

    exit_code = 1


class BlockedByFailure(MigratorError):
    """A migration is recorded as failed or interrupted and needs a person."""

    exit_code = 1


class DriftError(MigratorError):
    """Applied migrations whose files changed since they were applied."""

    exit_code = 1


class StepFailed(MigratorError):
    """A step, a verify query or a health gate of one migration failed."""

    exit_code = 1

    def __init__(self, key: str, step: int, direction: str, cause: str) -> None:
        self.key = key
        self.step = step
        self.direction = direction
        self.cause = cause
        where = f"step {step}" if step else "verify/health gate"
        super().__init__(f"{key}: {direction} {where} failed: {cause}")


class GraphvizMissing(MigratorError):
    """``graph --format svg`` needs the graphviz ``dot`` program."""
