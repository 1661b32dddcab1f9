"""``plan``, ``apply``, ``rollback`` and ``recover``."""

from __future__ import annotations

import click

from migrator.commands.common import (
    echo_json,
    format_option,
    handle_errors,
    lock_timeout_option,
    make_runner,
    open_project,
    project_option,
)
from migrator.model import PHASES
from migrator.planning import Plan
from migrator.plural import counted, inflect
from migrator.report import RolloutReport
from migrator.rollback_plan import (
    CASCADE_ALL,
    CASCADE_NONE,
    CASCADE_SERVICE,
    RollbackRequest,
)


def render_plan(plan: Plan) -> list[str]:
    """Return the text lines of a plan: cascaded rollbacks first, then waves."""
    if not plan:
        return ["nothing to do"]
    lines = []
    if plan.cascaded:
        depend = inflect(len(plan.cascaded), "it depends", "they depend")
        lines.append(
            f"also rolled back, because {depend} on what is rolled back: "
            f"{', '.join(plan.cascaded)}"
        )
    verb = "apply" if plan.direction == "up" else "roll back"
    migrations = counted(len(plan.keys), "migration")
    lines.append(f"{verb} {migrations} in {counted(len(plan.waves), 'wave')}:")
    for number, wave in enumerate(plan.waves, start=1):
        services: dict[str, list[str]] = {}
        for migration in wave:
            services.setdefault(migration.service, []).append(
                f"{migration.id} [{migration.phase}]"
            )
        parts = "; ".join(
            f"{service}: {', '.join(ids)}" for service, ids in sorted(services.items())
        )
        lines.append(f"  wave {number}: {parts}")
    return lines


def emit_report(report: RolloutReport, output_format: str) -> None:
    if output_format == "json":
        echo_json(report.to_json())
    else:
        if report.dry_run:
            for line in render_plan(report.plan):
                click.echo(line)
        for line in report.summary():
            click.echo(line, err=not report.ok)
    if not report.ok:
        raise SystemExit(report.exit_code)


@click.command("plan")
@click.argument("targets", nargs=-1, metavar="[TARGET]...")
@click.option(
    "--phase",
    type=click.Choice(PHASES),
    help="Plan only migrations of this phase (and what they require).",
)
@format_option("text", "json")
@project_option
@handle_errors
def plan_command(
    targets: tuple[str, ...], phase: str | None, output_format: str, project: str | None
) -> None:
    """Show the waves that `apply [TARGET]...` would run.

    A TARGET is service:id, a bare id, or a service name (its head); the
    default is every service's head.
    """
    runner = make_runner(open_project(project))
    plan = runner.plan_apply(targets, phase)
    if output_format == "json":
        echo_json(plan.to_json())
        return
    for line in render_plan(plan):
        click.echo(line)


@click.command("apply")
@click.argument("targets", nargs=-1, metavar="[TARGET]...")
@click.option(
    "--phase",
    type=click.Choice(PHASES),
    help="Run only migrations of this phase (and what they require).",
)
@click.option("--dry-run", is_flag=True, help="Print the plan and change nothing.")
@lock_timeout_option
@format_option("text", "json")
@project_option
@handle_errors
def apply_command(
    *,
    targets: tuple[str, ...],
    phase: str | None,
    dry_run: bool,
    lock_timeout: float | None,
    output_format: str,
    project: str | None,
) -> None:
    """Apply pending migrations up to TARGET (default: every head).

    A TARGET is service:id, a bare id, or a service name (its head).
    Progress goes to stderr. The run is rejected when an applied
    migration's file changed (see `migrator check`). If a migration fails,
    every migration this run applied is rolled back, newest first, and the
    exit code is 1. A migration left partly applied on MariaDB/MySQL is
    kept, and the report names `migrator recover`.
    """
    runner = make_runner(open_project(project), lock_timeout)
    emit_report(runner.apply(targets, phase=phase, dry_run=dry_run), output_format)


@click.command("rollback")
@click.argument("migration", required=False)
@click.option(
    "--to",
    "to",
    metavar="ID|base",
    help="Undo every applied migration after ID in its service (base: all).",
)
@click.option(
    "--branch",
    metavar="HEAD",
    help="With --to, undo only the branch that ends in HEAD.",
)
@click.option(
    "--service", metavar="NAME", help="Limit base and bare ids to this service."
)
@click.option(
    "--no-cascade",
    is_flag=True,
    help="Reject the plan if anything else depends on what it undoes.",
)
@click.option("--cascade", is_flag=True, help="Also undo dependents in other services.")
@click.option(
    "--allow-drift",
    is_flag=True,
    help="Undo migrations whose files changed since they were applied, with "
    "the down steps the files contain now.",
)
@click.option("--dry-run", is_flag=True, help="Print the plan and change nothing.")
@lock_timeout_option
@format_option("text", "json")
@project_option
@handle_errors
def rollback_command(
    *,
    migration: str | None,
    to: str | None,
    branch: str | None,
    service: str | None,
    no_cascade: bool,
    cascade: bool,
    allow_drift: bool,
    dry_run: bool,
    lock_timeout: float | None,
    output_format: str,
    project: str | None,
) -> None:
    """Undo MIGRATION, all after --to, or the newest migration.

    Dependents in the same service are undone first and listed; dependents
    in other services need --cascade. Irreversible migrations, and
    migrations whose files changed since they were applied (unless
    --allow-drift), stop the plan before anything runs.
    """
    if no_cascade and cascade:
        raise click.UsageError("--cascade and --no-cascade exclude each other")
    if migration is not None and to is not None:
        raise click.UsageError("give either MIGRATION or --to, not both")
    if branch is not None and to is None:
        raise click.UsageError("--branch needs --to")
    mode = CASCADE_NONE if no_cascade else CASCADE_ALL if cascade else CASCADE_SERVICE
    request = RollbackRequest(
        migration=migration, to=to, branch=branch, service=service, cascade=mode
    )
    runner = make_runner(open_project(project), lock_timeout)
    report = runner.rollback(request, dry_run=dry_run, allow_drift=allow_drift)
    emit_report(report, output_format)


@click.command("recover")
@click.option(
    "--resume", is_flag=True, help="Finish the interrupted work instead of undoing it."
)
@lock_timeout_option
@format_option("text", "json")
@project_option
@handle_errors
def recover_command(
    resume: bool, lock_timeout: float | None, output_format: str, project: str | None
) -> None:
    """Undo or finish what a killed or failed run left behind.

    Reads the journal of every database. By default, unfinished migrations
    lose their applied steps and the migrations of a dead rollout are
    rolled back. With --resume, unfinished migrations go on from the next
    step and a dead rollout is run to its end. An interrupted rollback is
    always finished.
    """
    runner = make_runner(open_project(project), lock_timeout)
    emit_report(runner.recover(resume=resume), output_format)
