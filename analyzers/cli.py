"""The ``gauntlet lint``, ``gauntlet rules`` and ``gauntlet export-ruff`` commands.

Exit codes: 0 clean, 1 findings, 2 usage, configuration or input error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from analyzers.config import Config, load_config
from analyzers.diagnostic import Diagnostic, SourceError
from analyzers.errors import AnalyzerError
from analyzers.output import FORMAT_MODULES, renderer
from analyzers.output.text import format_error

DEFAULT_BASELINE = ".gauntlet-baseline.json"


def split_codes(values: Sequence[str]) -> list[str]:
    return [code for value in values for code in value.split(",") if code.strip()]


def fail(message: str) -> None:
    click.echo(f"gauntlet: {message}", err=True)
    sys.exit(2)


def load(paths: Sequence[str], config_file: str | None) -> Config:
    try:
        return load_config(paths or ["."], config_file)
    except AnalyzerError as err:
        fail(str(err))
        raise  # unreachable: fail() exits


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMAT_MODULES)),
    default="text",
    show_default=True,
    help="Report format written to stdout.",
)
@click.option(
    "--select",
    multiple=True,
    help="Only these codes or prefixes (comma-separated); replaces 'select' "
    "from the config.",
)
@click.option(
    "--ignore",
    multiple=True,
    help="Skip these codes or prefixes (comma-separated); added to 'ignore' "
    "from the config.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes, used when 200 or more files are checked "
    "[default: the number of CPUs].",
)
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write .gauntlet_cache/."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="pyproject.toml to read [tool.gauntlet] from, instead of searching.",
)
@click.option(
    "--write-baseline",
    is_flag=True,
    help="Record the current findings in the baseline file and exit 0.",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help=(
        f"Baseline file [default: 'baseline' from the config, else {DEFAULT_BASELINE}]."
    ),
)
def lint_command(
    paths: tuple[str, ...],
    *,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jobs: int | None,
    no_cache: bool,
    config_file: str | None,
    write_baseline: bool,
    baseline_file: str | None,
) -> None:
    """Report banned APIs and naive datetimes in PATHS (default: the current folder)."""
    from analyzers.runner import run

    config = load(paths, config_file)
    try:
        config = config.with_options(split_codes(select), split_codes(ignore))
    except AnalyzerError as err:
        fail(str(err))
    result = run(paths or ["."], config, jobs=jobs, cache=not no_cache)
    errors = result.all_errors
    diagnostics = result.diagnostics
    baseline = baseline_path(config, baseline_file)
    if write_baseline:
        from analyzers.baseline import write_baseline as write

        count = write(baseline, diagnostics)
        click.echo(f"Wrote {count} findings to {baseline}.", err=True)
        report_errors(errors)
        sys.exit(2 if errors else 0)
    not_in_baseline = apply_baseline(
        baseline, diagnostics, explicit=baseline_file is not None
    )
    hidden = len(diagnostics) - len(not_in_baseline)
    diagnostics = not_in_baseline

    click.echo(renderer(output_format)(diagnostics, errors), nl=False)
    if output_format == "text":
        report_errors(errors)
        summarize(diagnostics, len(result.reports), len(errors), hidden)
    sys.exit(result.exit_code(diagnostics))


def baseline_path(config: Config, option: str | None) -> Path:
    if option is not None:
        return Path(option)
    return Path(config.root) / (config.baseline or DEFAULT_BASELINE)


def apply_baseline(
    file: Path, diagnostics: list[Diagnostic], explicit: bool
) -> list[Diagnostic]:
    from analyzers.baseline import filter_baseline

    if not explicit and not file.exists():
        return diagnostics
    try:
        return filter_baseline(file, diagnostics)
    except AnalyzerError as err:
        fail(str(err))
        raise


def report_errors(errors: Sequence[SourceError]) -> None:
    for error in errors:
        click.echo(format_error(error), err=True)


def summarize(
    diagnostics: Sequence[Diagnostic], files: int, errors: int, hidden: int
) -> None:
    """Print the closing line: findings, files, and what the baseline hid."""
    checked = plural(files, "file")
    if hidden:
        checked += f"; the baseline hid {plural(hidden, 'finding')}"
    if errors:
        problem = plural(errors, "error") + " reported above"
        found = plural(len(diagnostics), "finding")
        click.echo(f"Found {found} in {checked}; {problem}.", err=True)
        return
    if not diagnostics:
        click.echo(f"All checks passed ({checked}).", err=True)
        return
    fixable = sum(1 for d in diagnostics if d.fixable)
    message = f"Found {plural(len(diagnostics), 'finding')} in {checked}"
    if fixable:
        message += f"; {fixable} marked [*] can be fixed with `gauntlet fix`"
    click.echo(message + ".", err=True)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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
