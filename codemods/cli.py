"""``gauntlet fix PATHS``: apply the fixes of the analyzer's findings."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from analyzers.config import Config, load_config
from analyzers.discovery import discover
from analyzers.errors import AnalyzerError

from codemods.engine import FixOptions
from codemods.report import Summary, problem_lines, unified_diff
from codemods.results import FileResult
from codemods.runner import (
    ProgressLine,
    RunSettings,
    default_jobs,
    fix_files,
    write_result,
)


def _codes(values: Sequence[str]) -> list[str]:
    return [code for value in values for code in value.split(",") if code.strip()]


@click.command("fix")
@click.argument("paths", nargs=-1, type=click.Path(exists=True), required=True)
@click.option("--diff", is_flag=True, help="Print a unified diff and change no file.")
@click.option(
    "--check", is_flag=True, help="Change no file; exit 1 if a file would change."
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Also make fixes that change behaviour, such as naive to aware datetimes.",
)
@click.option(
    "--select", multiple=True, help="Fix only these codes or prefixes (comma list)."
)
@click.option("--ignore", multiple=True, help="Do not fix these codes or prefixes.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    help="pyproject.toml to read [tool.gauntlet] from (default: the nearest one).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Number of worker processes (default: one per CPU).",
)
def fix_command(
    *,
    paths: tuple[str, ...],
    diff: bool,
    check: bool,
    unsafe_fixes: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: str | None,
    jobs: int | None,
) -> None:
    """Rewrite banned API uses and naive datetimes in PATHS.

    Safe fixes keep behaviour; --unsafe-fixes also makes fixes that change
    it. Exit codes: 0 nothing left to fix, 1 a file would change (--check,
    --diff) or a fix was skipped, 2 usage, configuration or file error.
    """
    try:
        config = load_config(paths, config_file).with_options(
            _codes(select), _codes(ignore)
        )
    except AnalyzerError as err:
        click.echo(f"gauntlet fix: {err}", err=True)
        sys.exit(2)
    files, missing = discover(paths, config)
    settings = RunSettings(config, _options(config, unsafe_fixes))
    dry_run = diff or check
    summary = _run(files, settings, jobs or default_jobs(), dry_run, diff)
    for error in missing:
        click.echo(f"{error.location()}: error: {error.message}", err=True)
        summary.errors += 1
    click.echo(summary.text(dry_run), err=diff)
    sys.exit(_exit_code(summary, dry_run))


def _options(config: Config, unsafe: bool) -> FixOptions:
    return FixOptions(
        unsafe=unsafe,
        python311=config.target_version != "py310",
        utc_aliases=config.utc_aliases,
    )


def _run(
    files: Sequence[str], settings: RunSettings, jobs: int, dry_run: bool, diff: bool
) -> Summary:
    summary = Summary()
    # Progress is for people watching a terminal, not for hook or CI logs.
    progress = None
    if sys.stderr.isatty():
        progress = ProgressLine(lambda line: click.echo(line, err=True))
    for fixed in fix_files(files, settings, jobs, progress):
        result = fixed if dry_run else write_result(fixed)
        if diff and result.changed:
            click.echo(unified_diff(result), nl=False)
        _show_problems(result)
        summary.add(result)
    return summary


def _show_problems(result: FileResult) -> None:
    for line in problem_lines(result):
        click.echo(line, err=True)


def _exit_code(summary: Summary, dry_run: bool) -> int:
    if summary.errors:
        return 2
    if dry_run and summary.changed:
        return 1
    return 1 if summary.skipped else 0
