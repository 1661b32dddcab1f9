"""The ``gauntlet lint``, ``gauntlet rules`` and ``gauntlet export-ruff`` commands.

``gauntlet lint`` is built from the option table in ``analyzers.lint_options``
and runs ``analyzers.lint_main.run_lint``.

Exit codes: 0 clean, 1 findings, 2 usage, configuration or input error.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from analyzers.lint_main import load, run_lint
from analyzers.lint_options import OPTIONS, LintRequest, Option


def click_option(option: Option) -> Callable[[Any], Any]:
    """Return the click decorator for one entry of the option table."""
    settings: dict[str, Any] = {"help": option.help}
    if option.kind == "flag":
        settings["is_flag"] = True
    elif option.kind == "multiple":
        settings["multiple"] = True
    if option.choices:
        settings["type"] = click.Choice(option.choices)
        settings["show_default"] = True
    elif option.minimum is not None:
        settings["type"] = click.IntRange(min=option.minimum)
    elif option.file_only:
        settings["type"] = click.Path(dir_okay=False)
    if option.default is not None:
        settings["default"] = option.default
    return click.option(option.name, option.dest, **settings)


def lint(paths: tuple[str, ...], **values: Any) -> None:
    """Report banned APIs and naive datetimes in PATHS (default: the current folder)."""
    run_lint(LintRequest(paths=paths, **values))


def build_lint_command() -> click.Command:
    command: Any = lint
    for option in reversed(OPTIONS):
        command = click_option(option)(command)
    command = click.argument("paths", nargs=-1, type=click.Path())(command)
    return click.command("lint")(command)


lint_command = build_lint_command()


@click.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="List format.",
)
def rules_command(output_format: str) -> None:
    """List every rule with its code, name and summary."""
    from analyzers.rules import all_rules

    rules = all_rules()
    if output_format == "json":
        listing = [
            {
                "code": rule.code,
                "symbol": rule.symbol,
                "summary": rule.summary,
                "preset": rule.preset,
                "fix_kind": rule.fix_kind,
                "messages": dict(rule.messages),
            }
            for rule in rules
        ]
        import json

        click.echo(json.dumps(listing, indent=2))
        return
    for rule in rules:
        preset = f" [{rule.preset}]" if rule.preset else ""
        click.echo(f"{rule.code}  {rule.symbol:<28} {rule.summary}{preset}")


@click.command("export-ruff")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="pyproject.toml to read [tool.gauntlet] from, instead of searching.",
)
def export_ruff_command(config_file: str | None) -> None:
    """Print the ruff banned-api table equivalent to [tool.gauntlet].

    What ruff cannot express is listed on stderr.
    """
    from analyzers.ruff_export import export

    config = load([os.getcwd()], config_file)
    table, limits = export(config)
    click.echo(table, nl=False)
    for limit in limits:
        click.echo(f"gauntlet: not exported: {limit}", err=True)
