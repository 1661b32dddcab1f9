"""The click command group of ``gauntlet``.

Subcommands live in the package that owns them and are imported only when
they run, so ``gauntlet lint`` never pays for importing libcst or the
verifier. The entry point is ``gauntlet.cli.main``.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from gauntlet import __version__
from gauntlet.cli import configure_logging

# name -> "module:attribute" of a click command
SUBCOMMANDS: dict[str, str] = {
    "lint": "analyzers.cli:lint_command",
    "rules": "analyzers.cli:rules_command",
    "export-ruff": "analyzers.cli:export_ruff_command",
    "fix": "codemods.cli:fix_command",
    "verify": "gauntlet.verify.cli:verify_command",
    "challenges": "gauntlet.verify.cli:challenges_command",
}


class LazyGroup(click.Group):
    """A click group that imports each subcommand on first use."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = self.lazy[cmd_name].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name is None or not module_name.startswith(err.name):
                raise
            # The owning package is not built yet; hide the command.
            return None
        command = getattr(module, attribute, None)
        return command if isinstance(command, click.Command) else None


@click.group(
    cls=LazyGroup,
    lazy=SUBCOMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="gauntlet")
@click.option(
    "-v", "--verbose", count=True, help="Log more detail to stderr (repeat for debug)."
)
def cli(verbose: int) -> None:
    """Enforce code rules by machine and verify challenge solutions.

    Exit codes: 0 clean, 1 findings or failed constraints, 2 usage,
    configuration or input error.
    """
    configure_logging(verbose)
