"""Run ``gauntlet lint``: load the settings, check the files, print the report.

This module does not import click, so the entry point can run a plain
``gauntlet lint`` without it (see ``analyzers.lint_options``). The click
command in ``analyzers.cli`` calls the same ``run_lint``.

Exit codes: 0 clean, 1 findings, 2 usage, configuration or input error.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from analyzers.config import Config, load_config
from analyzers.diagnostic import Diagnostic, SourceError
from analyzers.errors import AnalyzerError
from analyzers.lint_options import DEFAULT_BASELINE, LintRequest
from analyzers.output import renderer
from analyzers.output.text import format_error


def split_codes(values: Sequence[str]) -> list[str]:
    return [code for value in values for code in value.split(",") if code.strip()]


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Write a line to stdout or stderr, as click.echo does for plain text."""
    stream = sys.stderr if err else sys.stdout
    text = message + "\n" if nl else message
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # For example an ASCII terminal: write what the stream cannot encode
        # as escapes instead of failing the run.
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def fail(message: str) -> NoReturn:
    echo(f"gauntlet: {message}", err=True)
    sys.exit(2)


def load(paths: Sequence[str], config_file: str | None) -> Config:
    try:
        return load_config(paths or ["."], config_file)
    except AnalyzerError as err:
        fail(str(err))


def run_lint(request: LintRequest) -> NoReturn:
    """Lint the requested paths, print the report and exit with its code."""
    from analyzers.runner import run

    paths = request.paths
    config = load(paths, request.config_file)
    try:
        config = config.with_options(
            split_codes(request.select), split_codes(request.ignore)
        )
    except AnalyzerError as err:
        fail(str(err))
    result = run(paths or ["."], config, jobs=request.jobs, cache=not request.no_cache)
    errors = result.all_errors
    diagnostics = result.diagnostics
    baseline = baseline_path(config, request.baseline_file)
    if request.write_baseline:
        from analyzers.baseline import write_baseline as write

        count = write(baseline, diagnostics)
        echo(f"Wrote {count} findings to {baseline}.", err=True)
        report_errors(errors)
        sys.exit(2 if errors else 0)
    not_in_baseline = apply_baseline(
        baseline, diagnostics, explicit=request.baseline_file is not None
    )
    hidden = len(diagnostics) - len(not_in_baseline)
    diagnostics = not_in_baseline

    echo(renderer(request.output_format)(diagnostics, errors), nl=False)
    if request.output_format == "text":
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


def report_errors(errors: Sequence[SourceError]) -> None:
    for error in errors:
        echo(format_error(error), err=True)


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
        echo(f"Found {found} in {checked}; {problem}.", err=True)
        return
    if not diagnostics:
        echo(f"All checks passed ({checked}).", err=True)
        return
    fixable = sum(1 for d in diagnostics if d.fixable)
    message = f"Found {plural(len(diagnostics), 'finding')} in {checked}"
    if fixable:
        message += f"; {fixable} marked [*] can be fixed with `gauntlet fix`"
    echo(message + ".", err=True)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
