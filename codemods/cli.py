"""``gauntlet fix [PATHS]``: apply the fixes of the analyzer's findings."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import click

from analyzers.config import Config, load_config
from analyzers.discovery import discover
from analyzers.errors import AnalyzerError
from analyzers.output.text import format_error
from codemods.bans import BanGuard
from codemods.engine import FixOptions
from codemods.fixconfig import fix_config
from codemods.report import Summary, check_line, problem_lines, unified_diff
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
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--diff",
    is_flag=True,
    help="Print the changes as a unified diff on stdout and write no file "
    "[default: off, files are written].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write no file; list the files that would change and exit 1 if "
    "there are any [default: off].",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Also make fixes that can change behaviour, such as naive to aware "
    "datetimes or a replacement that receives arguments [default: off].",
)
@click.option(
    "--exit-non-zero-on-fix",
    is_flag=True,
    help="Exit 1 when a file was changed [default: off, exit 0].",
)
@click.option(
    "--exit-non-zero-on-skip",
    is_flag=True,
    help="Exit 1 when a fix was skipped, so a fixable finding remains "
    "[default: off, exit 0].",
)
@click.option(
    "--select",
    multiple=True,
    help="Fix only findings of these codes or prefixes, comma-separated "
    "[default: 'select' from the config].",
)
@click.option(
    "--ignore",
    multiple=True,
    help="Do not fix findings of these codes or prefixes, comma-separated; "
    "adds to 'ignore' from the config [default: none].",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    help="pyproject.toml to read [tool.gauntlet] from [default: the nearest "
    "one with that table, searching upwards from the first path].",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes, used from 32 files on [default: the number of CPUs].",
)
def fix_command(
    *,
    paths: tuple[str, ...],
    diff: bool,
    check: bool,
    unsafe_fixes: bool,
    exit_non_zero_on_fix: bool,
    exit_non_zero_on_skip: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: str | None,
    jobs: int | None,
) -> None:
    """Fix banned API uses and naive datetimes in PATHS (default: the current folder).

    Safe fixes keep behaviour; --unsafe-fixes also makes fixes that change
    it. Each file is fixed again until nothing more changes.

    \b
    Exit codes:
      0  the fixes were made, or there was nothing to fix; skipped fixes
         are listed but do not count
      1  --check or --diff: a file would change; --exit-non-zero-on-fix:
         a file was changed; --exit-non-zero-on-skip: a fix was skipped
      2  usage or configuration error, or a file that could not be read,
         parsed, fixed or written
    """
    paths = paths or (".",)
    try:
        project = load_config(paths, config_file)
        config = project.with_options(_codes(select), _codes(ignore))
    except AnalyzerError as err:
        click.echo(f"gauntlet fix: {err}", err=True)
        sys.exit(2)
    files, missing = discover(paths, config)
    settings = RunSettings(
        fix_config(config), _options(config, project, unsafe_fixes), project
    )
    dry_run = diff or check
    summary = _run(
        files,
        settings,
        jobs or default_jobs(),
        dry_run=dry_run,
        diff=diff,
        check=check,
    )
    for error in missing:
        click.echo(format_error(error), err=True)
        summary.errors += 1
    click.echo(summary.text(dry_run), err=diff)
    exit_when = ExitWhen(dry_run, exit_non_zero_on_fix, exit_non_zero_on_skip)
    sys.exit(exit_when.code(summary))


@dataclass(frozen=True)
class ExitWhen:
    """What, besides an error, makes ``gauntlet fix`` exit 1."""

    would_change: bool = False
    changed: bool = False
    skipped: bool = False

    def code(self, summary: Summary) -> int:
        """Return 2 for any error, else 1 when a requested condition holds."""
        if summary.errors:
            return 2
        if self.would_change and summary.changed:
            return 1
        if self.changed and summary.changed:
            return 1
        return 1 if self.skipped and summary.skipped else 0


def _options(config: Config, project: Config, unsafe: bool) -> FixOptions:
    return FixOptions(
        unsafe=unsafe,
        python311=config.target_version != "py310",
        utc_aliases=config.utc_aliases,
        bans=BanGuard.from_config(project),
    )


def _run(
    files: Sequence[str],
    settings: RunSettings,
    jobs: int,
    *,
    dry_run: bool,
    diff: bool,
    check: bool,
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
        elif check and result.changed:
            click.echo(check_line(result))
        _show_problems(result)
        summary.add(result)
    return summary


def _show_problems(result: FileResult) -> None:
    for line in problem_lines(result):
        click.echo(line, err=True)
