"""The outcome of a rollout, for people (text) and scripts (JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migrator.errors import StepFailed
from migrator.planning import Plan
from migrator.plural import counted, inflect


@dataclass
class RolloutReport:
    """What one ``apply``, ``rollback`` or ``recover`` run did.

    ``applied`` and ``reverted`` are the keys this run moved in the direction
    it was asked to; ``undone`` are migrations it applied and then rolled
    back after a failure; ``kept`` are migrations left in place after a
    failure (a half-applied migration and what it depends on). ``failures``
    lists every migration that failed, in the order the workers returned
    them. Several can fail, because one wave runs on several databases at
    once.
    """

    command: str
    rollout_id: str
    plan: Plan
    dry_run: bool = False
    applied: list[str] = field(default_factory=list)
    reverted: list[str] = field(default_factory=list)
    undone: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failures: list[StepFailed] = field(default_factory=list)
    undo_failure: StepFailed | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def failure(self) -> StepFailed | None:
        """The first failure, or None when every migration succeeded."""
        return self.failures[0] if self.failures else None

    @property
    def ok(self) -> bool:
        return self.failure is None and self.undo_failure is None

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "rollout_id": self.rollout_id,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "plan": self.plan.to_json(),
            "applied": self.applied,
            "reverted": self.reverted,
            "undone": self.undone,
            "kept": self.kept,
            "failure": str(self.failure) if self.failure else None,
            "failures": [str(failure) for failure in self.failures],
            "undo_failure": str(self.undo_failure) if self.undo_failure else None,
            "notes": self.notes,
        }

    def summary(self) -> list[str]:
        """Return the lines a person reads at the end of the run."""
        if self.dry_run:
            count = counted(len(self.plan.keys), "migration")
            return [*self.notes, f"dry run: {count} would run; nothing was changed"]
        changed = self.applied or self.reverted or self.undone or self.kept
        if not (self.plan or self.notes or changed or self.failures):
            return ["nothing to do"]
        lines = list(self.notes)
        if self.applied:
            lines.append(f"applied {len(self.applied)}: {', '.join(self.applied)}")
        if self.reverted:
            lines.append(
                f"rolled back {len(self.reverted)}: {', '.join(self.reverted)}"
            )
        for failure in self.failures:
            lines.append(f"failed: {failure}")
        if self.undone:
            after = " after the failure" if self.command == "apply" else ""
            lines.append(f"undone{after}, newest first: {', '.join(self.undone)}")
        elif self.failure is not None:
            lines.append("nothing else to undo")
        if self.kept:
            them = inflect(len(self.kept), "it", "them")
            lines.append(
                "kept for inspection (partly applied on an engine without "
                f"transactional DDL, or required by such a migration): "
                f"{', '.join(self.kept)}; run `migrator recover` to undo {them}, "
                f"or `migrator recover --resume` to finish {them}"
            )
        if self.undo_failure is not None:
            lines.append(f"the rollback after the failure stopped: {self.undo_failure}")
        return lines
