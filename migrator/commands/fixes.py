"""``repair`` and ``mark-applied``: record what a person checked by hand."""

from __future__ import annotations

import click

from migrator.commands.common import (
    handle_errors,
    make_runner,
    open_project,
    project_option,
)
from migrator.manual import repair


@click.command("repair")
@click.option(
    "--only",
    "only",
    required=True,
    metavar="ID",
    help="The migration (service:id, or an id that one service has) whose "
    "recorded checksum is replaced.",
)
@project_option
@handle_errors
def repair_command(only: str, project: str | None) -> None:
    """Record the current checksum of one drifted migration.

    Run it after checking that the edited file still describes what was
    applied, because apply and rollback then trust the file again.
    `migrator check` lists drifted migrations.
    """
    runner = make_runner(open_project(project))
    fixed = repair(runner, only)
    if fixed is None:
        click.echo(f"{only}: the checksum already matches; nothing to repair")
    else:
        click.echo(
            f"{fixed.key}: recorded checksum {fixed.recorded[:12]} replaced by "
            f"{fixed.current[:12]}"
        )


@click.command("mark-applied")
@click.argument("migration")
@project_option
@handle_errors
def mark_applied_command(migration: str, project: str | None) -> None:
    """Record MIGRATION as applied without running it.

    Use it for a migration that a person finished by hand after a failure.
    MIGRATION is service:id, or an id that one service has. Every
    migration it requires must already be applied.
    """
    runner = make_runner(open_project(project))
    key = runner.mark_applied(migration)
    click.echo(f"{key}: recorded as applied")
