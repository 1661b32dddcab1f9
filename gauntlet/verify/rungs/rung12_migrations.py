"""Rung 12, zero-downtime migration framework: rolling reversible migrations."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic, manual

RUNG = Rung(
    number=12,
    slug="migrations",
    title="Zero-downtime migration framework",
    asks=(
        "A library and CLI that apply rolling, reversible migrations across "
        "several services along a dependency map. The manifest names the "
        "commands that apply every migration, roll every migration back and "
        "report the state of a shipped example project on SQLite; each gets "
        "`{project}`, the path of a fresh copy of the example."
    ),
    constraints=(
        automatic(
            "failure-modes-documented",
            "The failure modes are documented.",
            check="failure-modes-documented",
            threshold="a 'Failure modes' section with at least 3 entries",
            min_entries=3,
        ),
        automatic(
            "reversible-or-marked",
            "Every migration can be reversed or is marked irreversible.",
            check="migrations-reversible",
            threshold="apply then rollback restores the schema, or the rollback "
            "stops at a migration marked irreversible",
        ),
        automatic(
            "failed-rollout-rolled-back",
            "A rollout that fails part-way is rolled back.",
            check="failed-rollout",
            threshold="apply exits non-zero, the schema equals the one before and "
            "status exits 0",
        ),
        manual(
            "clients-keep-working",
            "Clients keep working during a rollout.",
            "needs a live load against several databases during the rollout, "
            "which takes longer than a verification run",
        ),
    ),
    commands=frozenset({"test", "apply", "rollback", "status"}),
    options=(
        Option(
            "project",
            str,
            "example",
            "the example project folder, relative to the solution",
        ),
        Option(
            "internal_prefix",
            str,
            "migrator_",
            "the name prefix of the tool's own tables, left out of schema checks",
        ),
        Option(
            "failure_modes_doc",
            str,
            "docs/failure-modes.md",
            "the document listing the failure modes, relative to the solution",
        ),
        Option(
            "fault_variable",
            str,
            "MIGRATOR_FAULTS",
            "the environment variable that injects a failure into apply",
        ),
        Option(
            "fault_value",
            str,
            "fail-at=15",
            "the value of the fault variable that makes apply fail part-way",
        ),
    ),
)
