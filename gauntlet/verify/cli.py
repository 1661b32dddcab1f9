"""The ``gauntlet verify`` and ``gauntlet challenges`` commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from gauntlet.verify.constraint import Rung
from gauntlet.verify.errors import VerifyError
from gauntlet.verify.reports import RENDERERS
from gauntlet.verify.reports.json_report import jsonable
from gauntlet.verify.rungs import all_rungs, get_rung
from gauntlet.verify.sandbox import Limits
from gauntlet.verify.sandbox.isolation import ISOLATIONS
from gauntlet.verify.sandbox.limits import MIB


@click.command("verify")
@click.argument("rung")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(RENDERERS)),
    default="table",
    show_default=True,
    help="Report format on stdout.",
)
@click.option(
    "--isolation",
    type=click.Choice(ISOLATIONS),
    default="auto",
    show_default=True,
    help="How to confine the solution: auto picks bwrap, then unshare, then none.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=Limits.wall_seconds,
    show_default=True,
    help="Wall-time limit in seconds of each solution command.",
)
@click.option(
    "--memory",
    type=click.IntRange(min=16),
    default=Limits.memory_bytes // MIB,
    show_default=True,
    help="Address-space limit in MiB of each solution process.",
)
@click.option(
    "--only",
    multiple=True,
    help="Check only this constraint id (repeat for several).",
)
def verify_command(
    *,
    rung: str,
    path: Path,
    output_format: str,
    isolation: str,
    timeout: float,
    memory: int,
    only: tuple[str, ...],
) -> None:
    """Check the solution in PATH against the constraints of RUNG.

    RUNG is a number (0-13) or a slug from `gauntlet challenges`. PATH holds
    the solution and its gauntlet.toml. Exit codes: 0 every automatic
    constraint passed, 1 a constraint failed, 2 the solution could not be run
    or the manifest is invalid.
    """
    from gauntlet.verify.session import verify

    limits = Limits(wall_seconds=timeout, memory_bytes=memory * MIB)
    try:
        known = {constraint.id for constraint in get_rung(rung).constraints}
        for constraint_id in only:
            if constraint_id not in known:
                raise click.BadParameter(
                    f"rung {rung} has no constraint {constraint_id!r}; "
                    f"it has {sorted(known)}",
                    param_hint="--only",
                )
        report = verify(
            rung, path, isolation=isolation, limits=limits, only=only or None
        )
    except VerifyError as err:
        click.echo(f"gauntlet verify: {err}", err=True)
        sys.exit(2)
    click.echo(RENDERERS[output_format](report))
    sys.exit(report.exit_code)


def rung_to_dict(rung: Rung) -> dict[str, Any]:
    return {
        "number": rung.number,
        "slug": rung.slug,
        "title": rung.title,
        "asks": rung.asks,
        "commands": sorted(rung.commands),
        "options": [
            {
                "name": option.name,
                "type": option.type.__name__,
                "default": option.default,
                "help": option.help,
            }
            for option in rung.options
        ],
        "constraints": [
            {
                "id": constraint.id,
                "summary": constraint.summary,
                "kind": "automatic" if constraint.automatic else "manual",
                "check": constraint.check,
                "threshold": constraint.threshold,
                "params": jsonable(constraint.params),
                "manual_reason": constraint.manual_reason,
            }
            for constraint in rung.constraints
        ],
    }


def describe_rung(rung: Rung) -> str:
    lines = [f"rung {rung.number}: {rung.title} ({rung.slug})", rung.asks, ""]
    for constraint in rung.constraints:
        if constraint.automatic:
            lines.append(f"  auto    {constraint.id}: {constraint.summary}")
            lines.append(f"          check {constraint.check}: {constraint.threshold}")
        else:
            lines.append(f"  manual  {constraint.id}: {constraint.summary}")
            lines.append(f"          why manual: {constraint.manual_reason}")
    if rung.options:
        lines.append("options:")
        for option in rung.options:
            lines.append(f"  {option.name} = {option.default!r}: {option.help}")
    lines.append(f"commands: {', '.join(sorted(rung.commands))}")
    return "\n".join(lines)


@click.command("challenges")
@click.argument("rung", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def challenges_command(rung: str | None, output_format: str) -> None:
    """List the rungs of the challenge ladder, or show RUNG with its constraints."""
    try:
        rungs = [get_rung(rung)] if rung is not None else all_rungs()
    except VerifyError as err:
        click.echo(f"gauntlet challenges: {err}", err=True)
        sys.exit(2)
    if output_format == "json":
        payload: Any = [rung_to_dict(item) for item in rungs]
        click.echo(json.dumps(payload[0] if rung is not None else payload, indent=2))
    elif rung is not None:
        click.echo(describe_rung(rungs[0]))
    else:
        for item in rungs:
            automatic = sum(1 for c in item.constraints if c.automatic)
            click.echo(
                f"{item.number:>2}  {item.slug:<22} {item.title} "
                f"({automatic} automatic, {len(item.constraints) - automatic} manual)"
            )
