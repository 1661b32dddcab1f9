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
        "commands that apply, roll back and report the state of a shipped "
        "example project; each gets `{project}` and `{database}`."
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
            threshold="the check command exits 0 and apply then rollback restores "
            "the schema",
        ),
        automatic(
            "failed-rollout-rolled-back",
            "A rollout that fails part-way is rolled back.",
            check="failed-rollout",
            threshold="apply exits non-zero and the schema equals the one before",
        ),
        manual(
            "clients-keep-working",
            "Clients keep working during a rollout.",
            "needs a live load against several databases during the rollout, "
            "which takes longer than a verification run",
        ),
    ),
    commands=frozenset({"test", "check", "apply", "rollback", "status"}),
    options=(
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
            "fail-at=3",
            "the value of the fault variable that makes apply fail part-way",
        ),
    ),
)
