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
    help="The one migration whose recorded checksum to replace.",
)
@project_option
@handle_errors
def repair_command(only: str, project: str | None) -> None:
    """Accept the current file of one drifted migration."""
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

    For a migration a person finished by hand after a failure; its
    requirements must be applied.
    """
    runner = make_runner(open_project(project))
    key = runner.mark_applied(migration)
    click.echo(f"{key}: recorded as applied")
