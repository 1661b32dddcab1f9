"""Replay ``migrator_journal`` to prove no step was lost or run twice.

The journal has a ``step-begin`` and a ``step-done`` entry around every step.
Replaying the ``step-done`` entries of one migration in order must move its
count of applied steps one at a time: up step ``k`` only when ``k - 1``
steps are applied, down step ``k`` only when ``k`` are. The one exception is
a step that began and never finished because its runner died: the next
runner may undo it (its down step) without a ``step-done`` for its up step.
At the end the replayed count must equal ``completed_steps`` in
``migrator_history`` (0 when the row is gone), and no row may be left in an
unfinished state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.migrator.zd_databases import Database, query

JOURNAL = (
    "SELECT rollout_id, event, service, migration_id, direction, step"
    " FROM migrator_journal ORDER BY entry_id"
)
HISTORY = "SELECT service, migration_id, state, completed_steps FROM migrator_history"


@dataclass
class Replay:
    """Steps applied per migration according to the journal, and what broke."""

    applied: dict[str, int] = field(default_factory=dict)
    uncertain: dict[str, tuple[str, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def begin(self, key: str, rollout: str, step: int) -> None:
        self.uncertain[key] = (rollout, step)

    def up_done(self, key: str, step: int) -> None:
        current = self.applied.get(key, 0)
        if step <= current:
            self.problems.append(f"{key}: up step {step} ran twice")
        elif step > current + 1:
            self.problems.append(f"{key}: up steps {current + 1}..{step - 1} lost")
        self.applied[key] = step
        self.uncertain.pop(key, None)

    def down_done(self, key: str, rollout: str, step: int) -> None:
        current = self.applied.get(key, 0)
        dead = self.uncertain.get(key)
        if step == current + 1 and dead is not None and dead[0] != rollout:
            self.uncertain.pop(key, None)  # the dead runner's step, undone
            return
        if step != current:
            self.problems.append(
                f"{key}: down step {step} ran with {current} steps applied"
            )
        self.applied[key] = step - 1


def replay(database: Database) -> Replay:
    """Replay the journal of ``database`` and compare it with its history."""
    result = Replay()
    for rollout, event, service, migration, direction, step in query(
        database.url, JOURNAL
    ):
        key = f"{service}:{migration}"
        if event == "step-begin" and direction == "up":
            result.begin(key, str(rollout), int(step))
        elif event == "step-done" and direction == "up":
            result.up_done(key, int(step))
        elif event == "step-done" and direction == "down":
            result.down_done(key, str(rollout), int(step))
    recorded = {
        f"{service}:{migration}": (str(state), int(completed))
        for service, migration, state, completed in query(database.url, HISTORY)
    }
    for key in sorted(set(result.applied) | set(recorded)):
        state, completed = recorded.get(key, ("absent", 0))
        if state not in {"absent", "applied"}:
            result.problems.append(f"{key}: history left in state {state!r}")
        if result.applied.get(key, 0) != completed:
            result.problems.append(
                f"{key}: journal shows {result.applied.get(key, 0)} steps applied,"
                f" history {completed}"
            )
    return result
