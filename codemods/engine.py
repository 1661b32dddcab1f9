"""Fix one file's source, given the analyzer's diagnostics for it."""

from __future__ import annotations

import ast
import dataclasses
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from analyzers.resolution import resolve_module
from codemods.bans import BanGuard
from codemods.census import take_census
from codemods.cleanup import remove_unused_imports
from codemods.errors import SourceError
from codemods.fixes import FIXES, FixableDiagnostic, reason_to_skip
from codemods.imports import add_imports
from codemods.layout import comments_in
from codemods.results import FileResult, SkippedFix
from codemods.source import check_compiles, parse_source
from codemods.spelling import Spelling
from codemods.transform import apply_fixes


@dataclass(frozen=True)
class FixOptions:
    """How to fix: unsafe fixes on or off, how to spell UTC, what is banned.

    ``bans`` keeps fixes from writing banned names; None checks nothing.
    """

    unsafe: bool = False
    # ``datetime.UTC`` exists from Python 3.11; below that ``timezone.utc``.
    python311: bool = False
    utc_aliases: tuple[str, ...] = ()
    bans: BanGuard | None = None


def fixable_diagnostics(
    diagnostics: Sequence[FixableDiagnostic],
) -> list[FixableDiagnostic]:
    """Keep the diagnostics that have a fix implemented here."""
    return [d for d in diagnostics if d.fixable and (d.fix_kind or "") in FIXES]


def fix_source(
    source: bytes,
    path: str,
    diagnostics: Sequence[FixableDiagnostic],
    options: FixOptions,
) -> FileResult:
    """Return the fixed bytes of ``source`` and what was fixed or skipped.

    Only a file with a fixable finding is parsed with libcst. The result has
    no ``output`` unless the fixed bytes differ and compile.
    """
    fixable = fixable_diagnostics(diagnostics)
    known = [(d, reason_to_skip(d, options.unsafe)) for d in fixable]
    skipped = tuple(
        SkippedFix(d.line, d.column, d.code, reason) for d, reason in known if reason
    )
    remaining = [d for d, reason in known if reason is None]
    if not remaining:
        return FileResult(path=path, skipped=skipped)
    try:
        result = _fix(source, path, remaining, options)
    except SourceError as err:
        return FileResult(
            path=path,
            skipped=skipped,
            error=err.problem,
            parsed=True,
            error_line=err.line,
            error_column=err.column,
        )
    return dataclasses.replace(result, skipped=skipped + result.skipped)


def _fix(
    source: bytes,
    path: str,
    diagnostics: Sequence[FixableDiagnostic],
    options: FixOptions,
) -> FileResult:
    parsed = parse_source(source, path)
    tree = _parse_ast(source, path)
    census = take_census(tree, resolve_module(tree).module_bindings())

    def make_spelling() -> Spelling:
        return Spelling(census, options.python311, options.utc_aliases)

    def check_written(replaced: str | None, written: Sequence[str]) -> str | None:
        if options.bans is None:
            return None
        return options.bans.reason_to_skip(path, replaced, written)

    outcome = apply_fixes(
        parsed.module,
        tree,
        diagnostics,
        make_spelling,
        options.unsafe,
        check_written=check_written,
    )
    applied, skipped = tuple(outcome.applied), tuple(outcome.skipped)
    if not applied:
        return FileResult(path=path, skipped=skipped, parsed=True)
    module = add_imports(outcome.module, outcome.imports)
    module = remove_unused_imports(module, outcome.removed, path)
    lost = _lost_comments(outcome.module, module)
    for old, new in outcome.replaced:
        lost += comments_in(old) - comments_in(new)
    if lost:
        comment = next(iter(lost))
        raise SourceError(path, f"the fixes would drop the comment {comment!r}")
    output = parsed.output(module)
    if output == source:
        return FileResult(path=path, skipped=skipped, parsed=True)
    check_compiles(output, path)
    return FileResult(
        path=path,
        applied=applied,
        skipped=skipped,
        original=source,
        output=output,
        parsed=True,
    )


def _lost_comments(before: cst.Module, after: cst.Module) -> Counter[str]:
    """Count the comments that import edits dropped from top-level statements.

    Statements the edits did not touch are the same objects in both trees.
    """
    kept = {id(statement) for statement in after.body}
    earlier = {id(statement) for statement in before.body}
    old: Counter[str] = Counter()
    for statement in before.body:
        if id(statement) not in kept:
            old += comments_in(statement)
    new: Counter[str] = Counter()
    for statement in after.body:
        if id(statement) not in earlier:
            new += comments_in(statement)
    return old - new


def _parse_ast(source: bytes, path: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source, filename=path)
    except SyntaxError as err:
        raise SourceError(
            path, f"the file does not parse: {err.msg}", err.lineno, err.offset
        ) from err
    except ValueError as err:
        raise SourceError(path, f"the file does not parse: {err}") from err
