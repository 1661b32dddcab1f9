"""Shared parts of the subcommands: the --project option and error handling."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from migrator.errors import MigratorError
from migrator.project import (
    DEFAULT_LOCK_TIMEOUT,
    PROJECT_FILE,
    Project,
    load_project,
)
from migrator.runner import Runner

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Settings:
    """Options given to the ``migrator`` group itself."""

    project: str | None = None
    quiet: bool = False


def project_option(function: F) -> F:
    """Accept ``--project`` after the subcommand too."""
    return click.option(
        "--project",
        "project",
        default=None,
        metavar="PATH",
        help="The migrator.toml to use, or its folder (default: ./migrator.toml).",
    )(function)


def lock_timeout_option(function: F) -> F:
    """Add ``--lock-timeout``, which must be greater than 0 like the project key."""
    return click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0, min_open=True),
        metavar="SECONDS",
        help="Seconds to wait for each database lock (default: lock_timeout "
        f"of {PROJECT_FILE}, which defaults to {DEFAULT_LOCK_TIMEOUT:g}).",
    )(function)


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def settings() -> Settings:
    context = click.get_current_context()
    found = context.find_object(Settings)
    return found if found is not None else Settings()


def open_project(project: str | None) -> Project:
    return load_project(project or settings().project or PROJECT_FILE)


def make_runner(project: Project, lock_timeout: float | None = None) -> Runner:
    quiet = settings().quiet

    def progress(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    return Runner(project, lock_timeout=lock_timeout, progress=progress)


def handle_errors(function: F) -> F:
    """Turn a MigratorError into a message on stderr and its exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except MigratorError as err:
            click.echo(f"migrator: error: {err}", err=True)
            raise SystemExit(err.exit_code) from err

    return wrapper  # type: ignore[return-value]


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, sort_keys=False))
