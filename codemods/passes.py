"""Lint and fix one file again until the fixes change nothing more.

A fix can write code that another fix applies to, such as a banned name
in an expression that a datetime fix has just rewritten. Fixing the output
again until it stays the same makes one run of ``gauntlet fix`` reach the
state that the next run leaves alone.
"""

from __future__ import annotations

import ast
import dataclasses
import warnings

from analyzers.checker import rule_set
from analyzers.config import Config
from analyzers.diagnostic import SourceError
from analyzers.engine import check_source
from analyzers.source import decode_source, syntax_error
from codemods.engine import FixOptions, fix_source
from codemods.report import counted
from codemods.results import AppliedFix, FileResult

# Each pass removes findings and no fix writes a banned name (codemods.bans),
# so the second pass normally changes nothing. The limit stops a cycle
# between fixes, which would be a bug.
MAX_PASSES = 10


def fix_until_stable(
    source: bytes,
    path: str,
    config: Config,
    options: FixOptions,
    lint_config: Config | None = None,
) -> FileResult:
    """Lint ``source`` with ``config``, fix it, and repeat on the output.

    The result lists every fix made, and the fixes skipped in the last
    pass at their places in the fixed file. A file whose fixes still
    change it after ``MAX_PASSES`` passes is left as it was, with an error.
    ``lint_config`` is what ``gauntlet lint`` uses: a file that it would
    parse but ``config`` rules out is parsed too, so that its syntax error
    is reported as ``gauntlet lint`` reports it.
    """
    report = check_source(source, path, config)
    lint_errors = report.errors
    if not report.parsed and lint_config is not None:
        lint_errors = parse_errors(source, path, lint_config)
    result = fix_source(source, path, report.diagnostics, options)
    result = dataclasses.replace(result, lint_errors=lint_errors)
    if result.output is None:
        return result
    applied: list[AppliedFix] = list(result.applied)
    output = result.output
    for _ in range(MAX_PASSES - 1):
        report = check_source(output, path, config)
        again = fix_source(output, path, report.diagnostics, options)
        problem = again.error or _first_message(report.errors)
        if problem is not None:
            message = f"fixing the fixed file again failed: {problem}"
            return _unchanged(result, message)
        if again.output is None:
            return dataclasses.replace(
                result, applied=tuple(applied), skipped=again.skipped, output=output
            )
        applied.extend(again.applied)
        output = again.output
    message = (
        f"the fixes still changed the file after {counted(MAX_PASSES, 'pass')}, "
        "so they may undo each other; report this with the file"
    )
    return _unchanged(result, message)


def parse_errors(source: bytes, path: str, config: Config) -> tuple[SourceError, ...]:
    """Return the decode or syntax error ``gauntlet lint`` reports for ``source``.

    Files that the prefilter of ``config`` rules out are not parsed, as in
    ``gauntlet lint``.
    """
    if not rule_set(config).may_match(source):
        return ()
    decoded = decode_source(source, path)
    if isinstance(decoded, SourceError):
        return (decoded,)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(decoded.text, filename=path)
    except (SyntaxError, ValueError) as err:
        return (syntax_error(path, err),)
    return ()


def _first_message(errors: tuple[SourceError, ...]) -> str | None:
    return errors[0].message if errors else None


def _unchanged(result: FileResult, message: str) -> FileResult:
    return FileResult(
        path=result.path,
        skipped=result.skipped,
        error=message,
        parsed=True,
        lint_errors=result.lint_errors,
    )
