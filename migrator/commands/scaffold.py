"""``migrator init DIR``: write the shipped example project."""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import click

from migrator.commands.common import handle_errors
from migrator.errors import MigratorError

EXAMPLE = "shop"


class InitError(MigratorError):
    """The folder for ``migrator init`` cannot be used."""


def write_example(destination: Path) -> None:
    """Copy the example project into ``destination``, which must not exist or be empty.

    The copy goes to a temporary folder beside ``destination`` first, so an
    interrupted run never leaves half a project.
    """
    if destination.exists() and (
        not destination.is_dir() or any(destination.iterdir())
    ):
        raise InitError(
            f"{str(destination)!r} already exists and is not an empty folder; "
            "choose a new folder"
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = resources.files("migrator") / "examples" / EXAMPLE
    staging = Path(tempfile.mkdtemp(prefix=".migrator-init-", dir=destination.parent))
    try:
        with resources.as_file(source) as folder:
            shutil.copytree(
                folder,
                staging / "project",
                ignore=shutil.ignore_patterns("__pycache__", "*.db"),
            )
        if destination.exists():
            destination.rmdir()
        os.replace(staging / "project", destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@handle_errors
def init_command(directory: Path) -> None:
    """Write a small runnable example project into DIRECTORY.

    Three services (accounts, catalog, orders) on SQLite, with cross-service
    requires and expand, migrate and contract phases. DIRECTORY must not
    exist or must be empty.
    """
    write_example(directory)
    click.echo(f"wrote an example project to {directory}")
    click.echo(f"next: migrator --project {directory} plan")
