"""The runner: plans under the lock, runs waves in parallel, undoes failures.

A rollout takes every database lock, reads the history again under the
locks (so a runner that waited sees what the previous one did), plans, and
runs the plan's waves. Within a wave, each database gets one worker thread
(at most ``max_workers`` at once). When a migration fails, the other workers
stop after their current migration and every migration this rollout applied
is rolled back, newest first, in every service.

NOTE: this module is past 500 lines. The undo of a failed rollout
(``_undo_rollout``, ``_undo_half_applied`` and the step helpers at the end)
is the part to move into a module of its own next.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from migrator import history
from migrator.databases import Databases
from migrator.errors import DriftError, NothingApplied, StepFailed
from migrator.executor import Executor, RunContext
from migrator.history import JournalEntry
from migrator.model import Migration
from migrator.planning import Plan, ancestors_and_self, plan_apply
from migrator.plural import counted, inflect
from migrator.project import Project
from migrator.report import RolloutReport
from migrator.rollback_plan import RollbackRequest, plan_rollback
from migrator.state import APPLIED, FAILED, HistoryRow, State

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
# The work a wave does on one migration. It returns None or raises StepFailed.
MigrationAction = Callable[["Rollout", Executor, Migration], None]


def new_runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Rollout:
    """The mutable state of one running rollout."""

    databases: Databases
    context: RunContext
    state: State
    done: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    abort: threading.Event = field(default_factory=threading.Event)

    def executor(self, service: str) -> Executor:
        return Executor(self.databases.backend(service), self.context)

    def record(self, key: str) -> None:
        with self.lock:
            self.done.append(key)


class Runner:
    """Applies, rolls back and recovers the migrations of one project.

    Parameters
    ----------
    project:
        A loaded project (:func:`migrator.project.load_project`).
    runner_id:
        Stored in the history, the journal and the SQLite lock row; a fresh
        ``host:pid:random`` id by default.
    lock_timeout:
        Seconds to wait for each database lock; the project's setting by
        default.
    progress:
        Called with one line of text per event, for a progress display.
    """

    def __init__(
        self,
        project: Project,
        *,
        runner_id: str | None = None,
        lock_timeout: float | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.project = project
        self.graph = project.graph
        self.runner_id = runner_id or new_runner_id()
        self.lock_timeout = lock_timeout
        self.progress = progress or (lambda line: None)

    # -- read-only --------------------------------------------------------

    def databases(self, *, read_only: bool) -> Databases:
        return Databases(
            self.project,
            self.runner_id,
            read_only=read_only,
            lock_timeout=self.lock_timeout,
        )

    def read_state(self) -> State:
        with self.databases(read_only=True) as databases:
            return databases.read_state()

    def plan_apply(
        self,
        targets: Sequence[str] = (),
        phase: str | None = None,
        state: State | None = None,
    ) -> Plan:
        state = self.read_state() if state is None else state
        configured = {
            name: service.target for name, service in self.project.services.items()
        }
        return plan_apply(self.graph, state, targets, phase, configured)

    def plan_rollback(
        self, request: RollbackRequest, state: State | None = None
    ) -> Plan:
        state = self.read_state() if state is None else state
        return plan_rollback(self.graph, state, request)

    # -- apply ------------------------------------------------------------

    def apply(
        self,
        targets: Sequence[str] = (),
        *,
        phase: str | None = None,
        dry_run: bool = False,
    ) -> RolloutReport:
        """Apply the targets (default: every head); see the module docstring."""
        rollout_id = uuid.uuid4().hex
        if dry_run:
            return RolloutReport(
                "apply", rollout_id, self.plan_apply(targets, phase), dry_run=True
            )
        with self.databases(read_only=False) as databases:
            state = databases.read_state()
            self._reject_drift(state)
            plan = self.plan_apply(targets, phase, state)
            report = RolloutReport("apply", rollout_id, plan)
            if not plan:
                return report
            rollout = self.start_rollout(
                databases,
                rollout_id,
                state,
                command="apply",
                plan=plan,
                detail={"targets": list(targets), "phase": phase},
            )
            report.failures = self.run_waves(rollout, plan.waves, _apply_one)
            report.applied = list(rollout.done)
            if report.failures:
                self._undo_rollout(rollout, report)
            self.finish_rollout(rollout, "failed" if report.failures else "ok")
            return report

    def _drifted(self, state: State, keys: Sequence[str]) -> list[str]:
        """Return the ``keys`` whose recorded checksum differs from the file's."""
        return sorted(
            key
            for key in keys
            if key in state
            and key in self.graph.graph
            and state[key].checksum != self.graph.migration(key).checksum
        )

    def _reject_drift(self, state: State) -> None:
        applied = [key for key, row in state.items() if row.state == APPLIED]
        drifted = self._drifted(state, applied)
        if drifted:
            changed = inflect(
                len(drifted),
                "an applied migration changed since it was applied",
                "applied migrations changed since they were applied",
            )
            files = inflect(len(drifted), "file", "files")
            raise DriftError(
                f"{changed}: {', '.join(drifted)}; run `migrator check` to see "
                f"the changes, restore the {files}, or accept the new text with "
                "`migrator repair --only ID`"
            )

    def start_rollout(
        self,
        databases: Databases,
        rollout_id: str,
        state: State,
        *,
        command: str,
        plan: Plan,
        detail: dict[str, object],
    ) -> Rollout:
        """Journal the start of a rollout in every database and return it."""
        counter = itertools.count(1)
        sequence_lock = threading.Lock()

        def next_sequence() -> int:
            with sequence_lock:
                return next(counter)

        context = RunContext(self.runner_id, rollout_id, next_sequence)
        rollout = Rollout(databases, context, state)
        if command != "recover":
            self._supersede_dead_rollouts(rollout)
        text = json.dumps({"command": command, "plan": plan.keys, **detail})
        for backend in databases.live():
            history.append_journal(
                backend,
                JournalEntry(
                    rollout_id,
                    self.runner_id,
                    next_sequence(),
                    "rollout-start",
                    detail=text,
                ),
            )
        migrations = counted(len(plan.keys), "migration")
        waves = counted(len(plan.waves), "wave")
        self.progress(f"{command}: {migrations} in {waves} (rollout {rollout_id[:8]})")
        return rollout

    def _supersede_dead_rollouts(self, rollout: Rollout) -> None:
        # A person who applies or rolls back after a killed run has chosen to
        # go on from the recorded state; a later `recover` must not undo the
        # dead run's migrations underneath the new ones.
        from migrator.recovery import end_dead_rollouts, find_dead_rollouts

        journal = rollout.databases.read_journals(rollouts_only=True)
        dead = find_dead_rollouts([entry for _, entry in journal])
        if dead:
            end_dead_rollouts(rollout, self.runner_id, dead, "superseded")

    def finish_rollout(self, rollout: Rollout, status: str) -> None:
        for backend in rollout.databases.live():
            try:
                history.append_journal(
                    backend,
                    JournalEntry(
                        rollout.context.rollout_id,
                        self.runner_id,
                        rollout.context.next_sequence(),
                        "rollout-end",
                        detail=json.dumps({"status": status}),
                    ),
                )
            except Exception as err:  # a lost connection must not hide the report
                logger.warning(
                    "%s: could not journal the end of the rollout: %s",
                    backend.name,
                    err,
                )

    # -- waves ------------------------------------------------------------

    def run_waves(
        self,
        rollout: Rollout,
        waves: Sequence[Sequence[Migration]],
        action: MigrationAction,
    ) -> list[StepFailed]:
        """Run ``action`` on every migration, wave by wave.

        Returns the failures of the first wave that has any (empty when every
        migration succeeded). Every failure of that wave is returned, because
        each database of the wave may hold its own half-applied migration.
        """
        for number, wave in enumerate(waves, start=1):
            groups: dict[str, list[Migration]] = defaultdict(list)
            for migration in wave:
                groups[rollout.databases.service_database[migration.service]].append(
                    migration
                )
            self.progress(
                f"wave {number}/{len(waves)}: {', '.join(m.key for m in wave)}"
            )
            failures = self._run_groups(rollout, list(groups.values()), action)
            if failures:
                return failures
        return []

    def _run_groups(
        self, rollout: Rollout, groups: list[list[Migration]], action: MigrationAction
    ) -> list[StepFailed]:
        if len(groups) == 1:
            failure = self._run_group(rollout, groups[0], action)
            return [failure] if failure else []
        workers = min(self.project.max_workers, len(groups))
        with ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="migrator"
        ) as pool:
            results = list(
                pool.map(lambda group: self._run_group(rollout, group, action), groups)
            )
        return [failure for failure in results if failure is not None]

    def _run_group(
        self, rollout: Rollout, group: list[Migration], action: MigrationAction
    ) -> StepFailed | None:
        for migration in group:
            if rollout.abort.is_set():
                return None
            started = time.perf_counter()
            try:
                action(rollout, rollout.executor(migration.service), migration)
            except Exception as err:
                failure = _as_failure(migration, err)
                rollout.abort.set()
                self.progress(f"  {migration.key}: FAILED: {failure.cause}")
                return failure
            rollout.record(migration.key)
            elapsed = (time.perf_counter() - started) * 1000
            self.progress(f"  {migration.key}: ok ({elapsed:.1f} ms)")
        return None

    # -- undo after a failure ---------------------------------------------

    def _undo_rollout(self, rollout: Rollout, report: RolloutReport) -> None:
        rows = rollout.databases.read_state()
        kept: set[str] = set()
        for failure in report.failures:
            failed = self.graph.migration(failure.key)
            executor = rollout.executor(failed.service)
            if (
                failed.extra.get("idempotent_steps")
                and not executor.backend.transactional_ddl
            ):
                # Expand/contract steps can run again safely, so the failed
                # migration is undone like the rest, including its failed step,
                # which may have taken effect with or without a history row.
                if report.undo_failure is None:
                    row = rows.get(failure.key) or executor.new_row(
                        failed, FAILED, 0, "up"
                    )
                    self._undo_half_applied(rollout, row, report)
            elif failure.key in rows and rows[failure.key].state == FAILED:
                # A half-applied migration on a non-transactional engine stays
                # for a person to inspect, and so does what it depends on.
                ancestors = ancestors_and_self(self.graph, {failure.key})
                kept |= {failure.key} | (ancestors & set(rollout.done))
        report.kept = sorted(kept)
        if report.undo_failure is not None:
            return
        for key in reversed(rollout.done):
            if key in kept or key not in rows:
                continue
            migration = self.graph.migration(key)
            self.progress(f"  undoing {key}")
            try:
                rollout.executor(migration.service).revert(migration, rows[key])
            except Exception as err:
                report.undo_failure = _as_failure(migration, err, "down")
                return
            report.undone.append(key)

    def _undo_half_applied(
        self, rollout: Rollout, row: HistoryRow, report: RolloutReport
    ) -> None:
        migration = self.graph.migration(row.key)
        self.progress(f"  undoing {row.key} ({row.completed_steps} steps recorded)")
        try:
            # The failed step may have taken effect before the failure.
            rollout.executor(migration.service).revert(
                migration, row, uncertain_step=row.completed_steps + 1
            )
        except Exception as err:
            report.undo_failure = _as_failure(migration, err, "down")
            return
        report.undone.append(row.key)

    # -- rollback ---------------------------------------------------------

    def rollback(
        self,
        request: RollbackRequest,
        *,
        dry_run: bool = False,
        allow_drift: bool = False,
    ) -> RolloutReport:
        """Undo what ``request`` selects; dependents first.

        Unless ``allow_drift``, raises DriftError when a migration to undo
        changed since it was applied, because the down steps in an edited
        file may not undo what the recorded version applied. A dry run
        reports the drift in a note instead.
        """
        rollout_id = uuid.uuid4().hex
        if dry_run:
            state = self.read_state()
            report = RolloutReport(
                "rollback",
                rollout_id,
                self._rollback_plan_or_empty(request, state),
                dry_run=True,
            )
            drifted = self._drifted(state, report.plan.keys)
            if drifted and not allow_drift:
                report.notes.append(_rollback_drift_message(drifted, dry_run=True))
            return report
        from migrator.recovery import settle_unfinished

        with self.databases(read_only=False) as databases:
            # An interrupted migration is undone from the steps the journal
            # records as done, which can be one step ahead of its history row.
            state = settle_unfinished(databases, databases.read_state()).state
            plan = self._rollback_plan_or_empty(request, state)
            report = RolloutReport("rollback", rollout_id, plan)
            if not plan:
                return report
            drifted = self._drifted(state, plan.keys)
            if drifted and not allow_drift:
                raise DriftError(_rollback_drift_message(drifted, dry_run=False))
            if drifted:
                logger.warning(
                    "rolling back drifted migrations with their edited down "
                    "steps (--allow-drift): %s",
                    ", ".join(drifted),
                )
            rollout = self.start_rollout(
                databases, rollout_id, state, command="rollback", plan=plan, detail={}
            )
            report.failures = self.run_waves(rollout, plan.waves, _revert_one)
            report.reverted = list(rollout.done)
            self.finish_rollout(rollout, "failed" if report.failures else "ok")
            return report

    def _rollback_plan_or_empty(
        self, request: RollbackRequest, state: State | None = None
    ) -> Plan:
        try:
            return self.plan_rollback(request, state)
        except NothingApplied:
            return Plan("down", [])

    # -- manual fixes -----------------------------------------------------

    def mark_applied(self, name: str) -> str:
        """Record a migration as applied without running it; return its key."""
        from migrator.manual import mark_applied

        return mark_applied(self, name)

    def recover(self, *, resume: bool = False) -> RolloutReport:
        """Finish (``resume``) or undo what dead or failed runs left behind."""
        from migrator.recovery import recover

        return recover(self, resume=resume)


def _rollback_drift_message(drifted: Sequence[str], *, dry_run: bool) -> str:
    outcome = "the rollback would be rejected" if dry_run else "rollback rejected"
    if len(drifted) == 1:
        changed = f"the file of {drifted[0]} changed since the migration was applied"
        file, original = "the file", "the original file"
    else:
        changed = (
            f"the files of {', '.join(drifted)} changed since the migrations "
            "were applied"
        )
        file, original = "the files", "the original files"
    return (
        f"{outcome}: {changed}, so the down steps in {file} may not undo what "
        f"was applied. Restore {original}, or check the down steps and accept "
        f"{file} with `migrator repair --only ID`, or run the down steps as "
        "they are now with `migrator rollback --allow-drift`"
    )


def _apply_one(rollout: Rollout, executor: Executor, migration: Migration) -> None:
    executor.apply(migration, rollout.state.get(migration.key))
    if migration.health:
        try:
            executor.check_health(migration)
        except StepFailed:
            # The migration committed: count it as applied so the undo covers it.
            rollout.record(migration.key)
            raise


def _revert_one(rollout: Rollout, executor: Executor, migration: Migration) -> None:
    row = rollout.state[migration.key]
    executor.revert(migration, row)


def _as_failure(
    migration: Migration, err: Exception, direction: str = "up"
) -> StepFailed:
    if isinstance(err, StepFailed):
        return err
    logger.debug("%s failed outside a step", migration.key, exc_info=err)
    return StepFailed(migration.key, 0, direction, f"{type(err).__name__}: {err}")
