"""Entry point of the ``migrator`` command."""

from __future__ import annotations

import click

from gauntlet import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="migrator")
def cli() -> None:
    """Plan and run reversible migrations across services and databases."""


def main() -> None:
    """Console-script entry point of ``migrator``."""
    from gauntlet.cli import run_guarded

    run_guarded(cli, "migrator")
