"""``status``, ``graph`` and ``check``: read-only views of a project."""

from __future__ import annotations

import click

from migrator.commands.common import (
    echo_json,
    format_option,
    handle_errors,
    make_runner,
    open_project,
    project_option,
)
from migrator.export import to_dot, to_mermaid, to_svg
from migrator.manual import find_drift
from migrator.plural import counted, inflect
from migrator.status import project_status, render_status


@click.command("status")
@format_option("text", "json")
@project_option
@handle_errors
def status_command(output_format: str, project: str | None) -> None:
    """Show what is applied, pending, failed and drifted.

    Lists each service with its database (password shown as ***) and its
    migrations by state, and history rows whose migration file no longer
    exists. Exits 1 when a migration is failed or drifted.
    """
    loaded = open_project(project)
    state = make_runner(loaded).read_state()
    statuses = project_status(loaded, state)
    if output_format == "json":
        echo_json({"services": [status.to_json() for status in statuses]})
    else:
        for line in render_status(statuses):
            click.echo(line)
    if not all(status.healthy for status in statuses):
        raise SystemExit(1)


@click.command("graph")
@format_option("dot", "mermaid", "svg")
@project_option
@handle_errors
def graph_command(output_format: str, project: str | None) -> None:
    """Write the migration graph to stdout.

    dot and mermaid are text. svg runs the graphviz `dot` program, which
    must be installed.
    """
    loaded = open_project(project)
    if output_format == "mermaid":
        click.echo(to_mermaid(loaded.graph), nl=False)
    elif output_format == "svg":
        click.echo(to_svg(loaded.graph), nl=False)
    else:
        click.echo(to_dot(loaded.graph), nl=False)


@click.command("check")
@format_option("text", "json")
@project_option
@handle_errors
def check_command(output_format: str, project: str | None) -> None:
    """List applied migrations whose files have changed.

    Compares the checksum recorded when each migration was applied with
    the checksum of its file now. Line-ending changes (CRLF against LF) do
    not count. Exits 1 when any migration changed: restore its file, or
    accept the new text with `migrator repair --only ID`.
    """
    loaded = open_project(project)
    drifted = find_drift(loaded.graph, make_runner(loaded).read_state())
    if output_format == "json":
        echo_json(
            {
                "drifted": [
                    {
                        "migration": d.key,
                        "path": d.path,
                        "recorded": d.recorded,
                        "current": d.current,
                    }
                    for d in drifted
                ]
            }
        )
    elif not drifted:
        click.echo("no drift: every applied migration matches its file")
    else:
        changed = inflect(
            len(drifted),
            "changed since it was applied",
            "changed since they were applied",
        )
        click.echo(f"{counted(len(drifted), 'applied migration')} {changed}:")
        for drift in drifted:
            click.echo(
                f"  {drift.key} ({drift.path}): recorded {drift.recorded[:12]}, "
                f"file {drift.current[:12]}"
            )
        restore = inflect(
            len(drifted),
            "Restore the file, or accept it",
            "Restore the files, or accept each one",
        )
        click.echo(f"{restore} with `migrator repair --only ID`.")
    if drifted:
        raise SystemExit(1)
