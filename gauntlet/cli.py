"""Entry point of the ``gauntlet`` command.

A plain ``gauntlet lint`` run is parsed by ``analyzers.lint_options`` and
runs without importing click, which would cost about a third of a cached
run. Everything else, including ``gauntlet lint --help`` and any argument
the quick parser does not take, goes to the click group in
``gauntlet.commands``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click

DEBUG_VARIABLE = "GAUNTLET_DEBUG"


def configure_logging(verbosity: int) -> None:
    """Send debug logs to stderr; people-facing output goes through click.echo.

    Without ``-v`` nothing is set up, so that a quick command such as a
    cached ``gauntlet lint`` does not pay for importing logging (about a
    tenth of its run time); Python's last-resort handler still prints
    warnings and errors.
    """
    if verbosity <= 0:
        return
    import logging

    level = logging.WARNING - 10 * min(verbosity, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def guard(call: Callable[[], object], prog_name: str) -> None:
    """Run ``call``, turning an unexpected crash into a short message.

    Set GAUNTLET_DEBUG=1 to see the traceback instead.
    """
    try:
        call()
    except Exception as err:  # the last line of defence: no traceback for users
        if os.environ.get(DEBUG_VARIABLE):
            raise
        sys.stderr.write(
            f"{prog_name}: internal error: {type(err).__name__}: {err}\n"
            f"Rerun with {DEBUG_VARIABLE}=1 to see the traceback, and report it.\n"
        )
        sys.exit(2)


def run_guarded(command: click.Command, prog_name: str) -> None:
    """Run a click command under ``guard``."""
    guard(lambda: command.main(prog_name=prog_name), prog_name)


def run_lint_quickly(arguments: list[str]) -> bool:
    """Run ``gauntlet lint`` without click when the arguments allow it.

    Returns False when click must parse them. Otherwise the run ends the
    process, as click's standalone mode would: a closed stdout (``gauntlet
    lint | head``) ends it quietly with 1, and Ctrl-C prints "Aborted!".
    """
    from analyzers.lint_options import parse_quickly

    request = parse_quickly(arguments)
    if request is None:
        return False
    from analyzers.lint_main import run_lint

    def standalone() -> None:
        try:
            run_lint(request)
        except BrokenPipeError:
            # Point stdout at nothing, so that the flush at exit fails no more.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            sys.exit(1)
        except KeyboardInterrupt:
            sys.stderr.write("\nAborted!\n")
            sys.exit(1)

    guard(standalone, "gauntlet")
    return True


def main() -> None:
    """Console-script entry point of ``gauntlet``."""
    arguments = sys.argv[1:]
    if arguments[:1] == ["lint"] and run_lint_quickly(arguments[1:]):
        return
    from gauntlet.commands import cli

    run_guarded(cli, "gauntlet")


def __getattr__(name: str) -> Any:
    # The click group and its pieces, for code that imported them from here.
    if name in {"cli", "LazyGroup", "SUBCOMMANDS"}:
        from gauntlet import commands

        return getattr(commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
