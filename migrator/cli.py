"""Entry point of the ``migrator`` command.

Exit codes: 0 success or nothing to do, 1 a rollout or check that ran and
failed (or a lock timeout), 2 bad input: project or migration files, an
unknown target, a rejected plan, an unreachable database.
"""

from __future__ import annotations

import click

from gauntlet import __version__
from migrator.commands.common import Settings
from migrator.commands.fixes import mark_applied_command, repair_command
from migrator.commands.inspection import check_command, graph_command, status_command
from migrator.commands.rollout import (
    apply_command,
    plan_command,
    recover_command,
    rollback_command,
)
from migrator.commands.scaffold import init_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="migrator")
@click.option(
    "--project",
    "project",
    default=None,
    metavar="PATH",
    help="The migrator.toml to use, or its folder (default: ./migrator.toml).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not show progress on stderr.")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Log more detail to stderr: -v for info messages, -vv for debug.",
)
@click.pass_context
def cli(context: click.Context, project: str | None, quiet: bool, verbose: int) -> None:
    """Plan and run reversible migrations across services and databases.

    Exit codes: 0 means success or nothing to do. 1 means a rollout failed,
    a lock was not free within the lock timeout, or a command found drift
    or a failed migration. 2 means bad input: project or migration files,
    targets, rejected plans, unreachable databases or rejected credentials.
    """
    from gauntlet.cli import configure_logging

    configure_logging(verbose)
    context.obj = Settings(project=project, quiet=quiet)


for _command in (
    init_command,
    plan_command,
    apply_command,
    rollback_command,
    recover_command,
    status_command,
    graph_command,
    check_command,
    repair_command,
    mark_applied_command,
):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point of ``migrator``."""
    from gauntlet.cli import run_guarded

    run_guarded(cli, "migrator")
