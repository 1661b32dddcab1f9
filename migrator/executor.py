"""Running one migration up or down on one backend.

On a transactional engine a migration runs in one transaction with its
journal entries and its history row, so it either commits whole or leaves
no trace. On MariaDB/MySQL every DDL statement commits at once, so each
step is followed by a history update: after a failure the row says
``failed`` with ``completed_steps`` equal to the steps whose effect is in
the database.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace

from migrator import faults, history
from migrator.backends import Backend
from migrator.errors import StepFailed
from migrator.history import JournalEntry
from migrator.model import Action, Migration
from migrator.state import APPLIED, APPLYING, FAILED, ROLLING_BACK, HistoryRow

logger = logging.getLogger(__name__)


@dataclass
class RunContext:
    """What every migration of one rollout shares."""

    runner_id: str
    rollout_id: str
    next_sequence: Callable[[], int]


class Executor:
    """Runs migrations on one backend for one rollout."""

    def __init__(self, backend: Backend, context: RunContext) -> None:
        self.backend = backend
        self.context = context

    def journal(
        self,
        migration: Migration,
        event: str,
        direction: str,
        step: int = 0,
        detail: str = "",
    ) -> None:
        history.append_journal(
            self.backend,
            JournalEntry(
                self.context.rollout_id,
                self.context.runner_id,
                self.context.next_sequence(),
                event,
                migration.service,
                migration.id,
                direction,
                step,
                detail,
            ),
        )

    def new_row(
        self, migration: Migration, state: str, completed: int, direction: str
    ) -> HistoryRow:
        return HistoryRow(
            migration.service,
            migration.id,
            migration.checksum,
            state,
            direction,
            completed,
            len(migration.steps),
            history.timestamp(),
            None,
            self.context.runner_id,
            self.context.rollout_id,
        )

    # -- up ---------------------------------------------------------------

    def apply(
        self,
        migration: Migration,
        row: HistoryRow | None = None,
        *,
        tolerate_first: bool = False,
    ) -> None:
        """Apply ``migration`` from the step after ``row.completed_steps``.

        ``tolerate_first`` accepts a failure of the first step run, for a step
        that a dead runner may already have run. Raises StepFailed.
        """
        if self.backend.transactional_ddl:
            self._apply_in_transaction(migration)
        else:
            self._apply_step_by_step(migration, row, tolerate_first)

    def _apply_in_transaction(self, migration: Migration) -> None:
        backend = self.backend
        backend.begin()
        step = 0
        try:
            for step, action in enumerate((s.up for s in migration.steps), start=1):
                self._run_step(migration, action, "up", step)
            step = 0
            self._verify(migration)
            row = replace(
                self.new_row(migration, APPLIED, len(migration.steps), "up"),
                finished_at=history.timestamp(),
            )
            history.write_row(backend, row, exists=False)
            self.journal(migration, "migration-done", "up")
            faults.checkpoint(f"before commit {migration.key} up")
            backend.commit()
        except Exception as err:
            backend.rollback()
            self._journal_failure(migration, "up", step, err)
            raise _failure(migration, "up", step, err) from err
        faults.checkpoint(f"after commit {migration.key} up")

    def _apply_step_by_step(
        self, migration: Migration, row: HistoryRow | None, tolerate_first: bool
    ) -> None:
        backend = self.backend
        start = row.completed_steps if row is not None else 0
        current = self.new_row(migration, APPLYING, start, "up")
        if row is not None:
            current = replace(current, started_at=row.started_at)
        history.write_row(backend, current, exists=row is not None)
        step = start
        try:
            for step in range(start + 1, len(migration.steps) + 1):
                action = migration.steps[step - 1].up
                try:
                    self._run_step(migration, action, "up", step)
                except Exception as err:
                    if not (tolerate_first and step == start + 1) or isinstance(
                        err, faults.InjectedFault
                    ):
                        raise
                    logger.warning(
                        "%s: step %d failed again (%s); a dead runner had "
                        "already run it",
                        migration.key,
                        step,
                        err,
                    )
                current = replace(current, completed_steps=step)
                history.write_row(backend, current, exists=True)
            step = 0
            self._verify(migration)
        except Exception as err:
            self._record_up_failure(migration, current, step, err)
            raise _failure(migration, "up", step, err) from err
        history.write_row(
            backend,
            replace(current, state=APPLIED, finished_at=history.timestamp()),
            exists=True,
        )
        self.journal(migration, "migration-done", "up")

    def _record_up_failure(
        self, migration: Migration, current: HistoryRow, step: int, err: Exception
    ) -> None:
        if current.completed_steps == 0:
            history.delete_row(self.backend, migration.service, migration.id)
        else:
            history.write_row(
                self.backend,
                replace(current, state=FAILED, finished_at=history.timestamp()),
                exists=True,
            )
        self._journal_failure(migration, "up", step, err)

    def _run_step(
        self, migration: Migration, action: Action, direction: str, step: int
    ) -> None:
        self.journal(migration, "step-begin", direction, step)
        label = f"step {migration.key} {direction} {step}"
        faults.checkpoint(f"before {label}")
        logger.debug(
            "%s %s step %d: %s", migration.key, direction, step, action.describe()
        )
        action.run(self.backend.connection, self.backend.dialect)
        faults.checkpoint(f"after {label}")
        self.journal(migration, "step-done", direction, step)

    def _verify(self, migration: Migration) -> None:
        if migration.verify is None:
            return
        faults.checkpoint(f"before verify {migration.key}")
        result = migration.verify.run(self.backend.connection, self.backend.dialect)
        if migration.verify.function is not None:
            passed = result is not False
        else:
            passed = bool(result) and bool(result[0]) and bool(result[0][0])
        if not passed:
            raise VerifyFailed(
                f"verify query returned {result!r}, expected a true first value"
            )

    def _journal_failure(
        self, migration: Migration, direction: str, step: int, err: Exception
    ) -> None:
        try:
            self.journal(
                migration,
                "migration-failed",
                direction,
                step,
                f"{type(err).__name__}: {err}",
            )
        except Exception as journal_error:  # the connection may be gone
            logger.warning(
                "%s: could not journal the failure: %s", migration.key, journal_error
            )

    # -- health gates -----------------------------------------------------

    def check_health(self, migration: Migration) -> None:
        """Run the migration's health-gate commands; raise StepFailed."""
        for command in migration.health:
            faults.checkpoint(f"before health {migration.key}")
            environment = dict(
                os.environ,
                MIGRATOR_SERVICE=migration.service,
                MIGRATOR_MIGRATION=migration.id,
            )
            try:
                result = subprocess.run(
                    command,
                    capture_output=True,
                    text=True,
                    timeout=migration.health_timeout,
                    check=False,
                    env=environment,
                )
            except (OSError, subprocess.TimeoutExpired) as err:
                raise StepFailed(
                    migration.key, 0, "up", f"health gate {list(command)!r}: {err}"
                ) from err
            if result.returncode != 0:
                output = (result.stderr or result.stdout).strip().splitlines()
                last = f": {output[-1]}" if output else ""
                raise StepFailed(
                    migration.key,
                    0,
                    "up",
                    f"health gate {list(command)!r} exited {result.returncode}{last}",
                )

    # -- down -------------------------------------------------------------

    def revert(
        self, migration: Migration, row: HistoryRow, *, uncertain_step: int = 0
    ) -> None:
        """Undo the ``row.completed_steps`` applied steps, newest first.

        ``uncertain_step`` names a step a dead runner may have run (or
        undone) without recording it: its down step runs first and a failure
        of it is accepted. Raises StepFailed.
        """
        if self.backend.transactional_ddl:
            self._revert_in_transaction(migration, row)
        else:
            self._revert_step_by_step(migration, row, uncertain_step)

    def _revert_in_transaction(self, migration: Migration, row: HistoryRow) -> None:
        backend = self.backend
        backend.begin()
        step = 0
        try:
            for step in range(row.completed_steps, 0, -1):
                self._run_step(migration, _down(migration, step), "down", step)
            step = 0
            history.delete_row(backend, migration.service, migration.id)
            self.journal(migration, "migration-done", "down")
            faults.checkpoint(f"before commit {migration.key} down")
            backend.commit()
        except Exception as err:
            backend.rollback()
            self._journal_failure(migration, "down", step, err)
            raise _failure(migration, "down", step, err) from err
        faults.checkpoint(f"after commit {migration.key} down")

    def _revert_step_by_step(
        self, migration: Migration, row: HistoryRow, uncertain_step: int
    ) -> None:
        backend = self.backend
        current = replace(
            row,
            state=ROLLING_BACK,
            direction="down",
            runner_id=self.context.runner_id,
            rollout_id=self.context.rollout_id,
        )
        history.write_row(backend, current, exists=True)
        step = 0
        try:
            if uncertain_step == current.completed_steps + 1:
                self._run_down(migration, uncertain_step, tolerant=True)
            for step in range(current.completed_steps, 0, -1):
                self._run_down(migration, step, tolerant=step == uncertain_step)
                current = replace(current, completed_steps=step - 1)
                history.write_row(backend, current, exists=True)
        except Exception as err:
            history.write_row(
                backend,
                replace(current, state=FAILED, finished_at=history.timestamp()),
                exists=True,
            )
            self._journal_failure(migration, "down", step, err)
            raise _failure(migration, "down", step, err) from err
        history.delete_row(backend, migration.service, migration.id)
        self.journal(migration, "migration-done", "down")

    def _run_down(self, migration: Migration, step: int, *, tolerant: bool) -> None:
        try:
            self._run_step(migration, _down(migration, step), "down", step)
        except faults.InjectedFault:
            raise
        except Exception as err:
            if not tolerant:
                raise
            logger.warning(
                "%s: down step %d failed (%s); a dead runner had left it undone",
                migration.key,
                step,
                err,
            )


class VerifyFailed(Exception):
    """The verify query of a migration returned a false value."""


def _down(migration: Migration, step: int) -> Action:
    down = migration.steps[step - 1].down
    if down is None:
        raise MissingDownStep(
            f"step {step} has no down step (the migration is irreversible: "
            f"{migration.reason})"
        )
    return down


class MissingDownStep(Exception):
    """A step to undo has no down action."""


def _failure(
    migration: Migration, direction: str, step: int, err: Exception
) -> StepFailed:
    if isinstance(err, StepFailed):
        return err
    return StepFailed(
        migration.key,
        step,
        direction,
        f"{type(err).__name__}: {' '.join(str(err).split())}",
    )
