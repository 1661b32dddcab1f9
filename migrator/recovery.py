"""``migrator recover``: finish or undo what a dead or failed run left behind.

A rollout is dead when its ``rollout-start`` journal entry has no
``rollout-end`` in any database (the runner was killed). A history row in
state ``applying``, ``failed`` or ``rolling-back`` is unfinished. By default
recovery undoes: unfinished migrations lose their applied steps, and the
migrations a dead ``apply`` rollout applied are rolled back newest first.
With ``resume`` it finishes: unfinished migrations go on from the next step
and a dead ``apply`` rollout's request is planned and run again. An
interrupted rollback is always finished, in both modes, because re-applying
what someone chose to remove is never the safe guess.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from migrator.databases import Databases
from migrator.errors import StepFailed
from migrator.history import JournalEntry
from migrator.planning import Plan
from migrator.plural import counted
from migrator.report import RolloutReport
from migrator.state import APPLIED, HistoryRow, State

if TYPE_CHECKING:
    from migrator.runner import Rollout, Runner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeadRollout:
    """A rollout whose runner died before it wrote its end."""

    rollout_id: str
    command: str
    targets: tuple[str, ...]
    phase: str | None
    plan: tuple[str, ...]


def find_dead_rollouts(entries: list[JournalEntry]) -> list[DeadRollout]:
    """Return the rollouts that started and never ended, oldest first."""
    ended = {entry.rollout_id for entry in entries if entry.event == "rollout-end"}
    dead: dict[str, DeadRollout] = {}
    for entry in entries:
        if (
            entry.event != "rollout-start"
            or entry.rollout_id in ended
            or entry.rollout_id in dead
        ):
            continue
        detail = entry.detail_json()
        dead[entry.rollout_id] = DeadRollout(
            entry.rollout_id,
            str(detail.get("command", "apply")),
            tuple(detail.get("targets") or ()),
            detail.get("phase"),
            tuple(detail.get("plan") or ()),
        )
    return list(dead.values())


STEP_EVENTS = frozenset({"step-begin", "step-done"})


@dataclass(frozen=True)
class SettledState:
    """History rows with unfinished ones corrected by the journal.

    ``uncertain`` maps a migration key to a step that began and has no
    ``step-done`` entry, so it may or may not have taken effect.
    """

    state: State
    uncertain: dict[str, int]


def settle_unfinished(databases: Databases, state: State) -> SettledState:
    """Count the steps that the journal records as done in unfinished rows.

    On a non-transactional engine the executor journals ``step-done`` right
    after a step's DDL commits and updates the history row after that, so a
    runner killed in between leaves the row one step behind the database.
    The journal entries of the rollout that last wrote the row decide:
    the step after ``completed_steps`` counts as applied when its up step is
    done, and step ``completed_steps`` counts as undone when its down step
    is done. On transactional engines the journal and the row commit
    together, so their rows are returned unchanged.
    """
    rows = {key: row for key, row in state.items() if row.unfinished}
    if not rows:
        return SettledState(state, {})
    last: dict[str, JournalEntry] = {}
    for backend, entry in databases.read_journals():
        row = rows.get(f"{entry.service}:{entry.migration_id}")
        if (
            row is not None
            and not backend.transactional_ddl
            and entry.event in STEP_EVENTS
            and entry.rollout_id == row.rollout_id
            and entry.direction == row.direction
        ):
            last[row.key] = entry
    settled = dict(state)
    uncertain = {}
    for key, entry in last.items():
        row = rows[key]
        completed, step = _settle_row(row, entry)
        if completed != row.completed_steps:
            logger.info(
                "%s: the journal records %s step %d as done but the history "
                "row does not, so %d steps count as applied, not %d",
                key,
                row.direction,
                entry.step,
                completed,
                row.completed_steps,
            )
            settled[key] = replace(row, completed_steps=completed)
        if step:
            uncertain[key] = step
    return SettledState(settled, uncertain)


def _settle_row(row: HistoryRow, last: JournalEntry) -> tuple[int, int]:
    """Return the applied step count and the uncertain step (0 for none)."""
    completed = row.completed_steps
    if row.direction == "up" and last.step == completed + 1:
        if last.event == "step-done":
            return last.step, 0
        return completed, last.step
    if row.direction == "down" and last.step == completed:
        if last.event == "step-done":
            return completed - 1, 0
        return completed, last.step
    if row.direction == "down" and last.step == completed + 1:
        # Recovery undoes an uncertain step above the recorded count first,
        # without a history update, so only its step-begin is uncertain.
        return completed, last.step if last.event == "step-begin" else 0
    return completed, 0


def recover(runner: Runner, *, resume: bool) -> RolloutReport:
    """Recover the project's databases; see the module docstring."""
    with runner.databases(read_only=False) as databases:
        settled = settle_unfinished(databases, databases.read_state())
        state = settled.state
        journal = databases.read_journals(rollouts_only=True)
        dead = find_dead_rollouts([entry for _, entry in journal])
        unfinished = _unfinished_rows(runner, state)
        report = RolloutReport(
            "recover", uuid.uuid4().hex, Plan("up" if resume else "down", [])
        )
        if not dead and not unfinished:
            report.notes.append(
                "nothing to recover: no unfinished migration and no dead rollout"
            )
            return report
        for rollout_info in dead:
            report.notes.append(
                f"dead {rollout_info.command} rollout "
                f"{rollout_info.rollout_id[:8]} found in the journal"
            )
        rollout = runner.start_rollout(
            databases,
            report.rollout_id,
            state,
            command="recover",
            plan=report.plan,
            detail={"resume": resume, "dead": [d.rollout_id for d in dead]},
        )
        try:
            _recover(
                rollout,
                runner,
                unfinished,
                dead,
                uncertain=settled.uncertain,
                resume=resume,
                report=report,
            )
        except StepFailed as failure:
            report.failures.append(failure)
        if not report.failures:
            _end_dead(rollout, runner, dead)
        runner.finish_rollout(rollout, "failed" if report.failures else "ok")
        return report


def _unfinished_rows(runner: Runner, state: State) -> list[HistoryRow]:
    rows = [
        row
        for row in state.values()
        if row.unfinished and row.key in runner.graph.graph
    ]
    return sorted(rows, key=lambda row: row.key)


def _recover(
    rollout: Rollout,
    runner: Runner,
    unfinished: list[HistoryRow],
    dead: list[DeadRollout],
    *,
    uncertain: dict[str, int],
    resume: bool,
    report: RolloutReport,
) -> None:
    _finish_unfinished(
        rollout,
        runner,
        unfinished,
        uncertain=uncertain,
        resume=resume,
        report=report,
    )
    if resume:
        _resume_dead(rollout, runner, dead, report)
    else:
        _undo_kept(rollout, runner, unfinished, report)
        _undo_dead(rollout, runner, dead, report)


def _finish_unfinished(
    rollout: Rollout,
    runner: Runner,
    rows: list[HistoryRow],
    *,
    uncertain: dict[str, int],
    resume: bool,
    report: RolloutReport,
) -> None:
    for row in rows:
        migration = runner.graph.migration(row.key)
        executor = rollout.executor(migration.service)
        step = uncertain.get(row.key, 0)
        if resume and row.direction == "up":
            runner.progress(f"  resuming {row.key} at step {row.completed_steps + 1}")
            executor.apply(
                migration, row, tolerate_first=step == row.completed_steps + 1
            )
            report.applied.append(row.key)
        else:
            steps = counted(row.completed_steps, "applied step")
            runner.progress(f"  undoing {steps} of {row.key}")
            executor.revert(migration, row, uncertain_step=step)
            report.undone.append(row.key)


def _undo_kept(
    rollout: Rollout, runner: Runner, rows: list[HistoryRow], report: RolloutReport
) -> None:
    """Undo what a failed rollout kept applied next to a half-applied migration."""
    rollouts = {row.rollout_id for row in rows}
    state = rollout.databases.read_state()
    kept = [
        row
        for row in state.values()
        if row.rollout_id in rollouts
        and row.state == APPLIED
        and row.key in runner.graph.graph
    ]
    for row in sorted(
        kept, key=lambda row: (row.finished_at or "", row.key), reverse=True
    ):
        migration = runner.graph.migration(row.key)
        runner.progress(f"  undoing {row.key} (kept by a failed rollout)")
        rollout.executor(migration.service).revert(migration, row)
        report.undone.append(row.key)


def _undo_dead(
    rollout: Rollout, runner: Runner, dead: list[DeadRollout], report: RolloutReport
) -> None:
    state = rollout.databases.read_state()
    for info in reversed(dead):
        if info.command == "rollback":
            _finish_rollback(rollout, runner, info, state, report)
            continue
        rows = [
            row
            for row in state.values()
            if row.rollout_id == info.rollout_id
            and row.state == APPLIED
            and row.key in runner.graph.graph
        ]
        for row in sorted(
            rows, key=lambda row: (row.finished_at or "", row.key), reverse=True
        ):
            migration = runner.graph.migration(row.key)
            runner.progress(f"  undoing {row.key}")
            rollout.executor(migration.service).revert(migration, row)
            report.undone.append(row.key)


def _resume_dead(
    rollout: Rollout, runner: Runner, dead: list[DeadRollout], report: RolloutReport
) -> None:
    from migrator.runner import _apply_one

    for info in dead:
        state = rollout.databases.read_state()
        if info.command == "rollback":
            _finish_rollback(rollout, runner, info, state, report)
            continue
        if info.command != "apply":
            continue
        plan = runner.plan_apply(info.targets, info.phase, state)
        rollout.state = state
        rollout.done = []
        failures = runner.run_waves(rollout, plan.waves, _apply_one)
        report.applied.extend(rollout.done)
        if failures:
            report.failures.extend(failures)
            return


def _finish_rollback(
    rollout: Rollout,
    runner: Runner,
    info: DeadRollout,
    state: State,
    report: RolloutReport,
) -> None:
    for key in info.plan:
        if key in state and key in runner.graph.graph:
            migration = runner.graph.migration(key)
            runner.progress(f"  finishing the rollback of {key}")
            rollout.executor(migration.service).revert(migration, state[key])
            report.reverted.append(key)


def _end_dead(rollout: Rollout, runner: Runner, dead: list[DeadRollout]) -> None:
    end_dead_rollouts(rollout, runner.runner_id, dead, "recovered")


def end_dead_rollouts(
    rollout: Rollout, runner_id: str, dead: list[DeadRollout], status: str
) -> None:
    """Journal the end of each dead rollout, so recovery never acts on it again."""
    from migrator import history

    for info in dead:
        detail = json.dumps({"status": status, "by": rollout.context.rollout_id})
        for backend in rollout.databases.live():
            entry = JournalEntry(
                info.rollout_id,
                runner_id,
                rollout.context.next_sequence(),
                "rollout-end",
                detail=detail,
            )
            history.append_journal(backend, entry)
