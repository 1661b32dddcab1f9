"""Fix one file's source, given the analyzer's diagnostics for it."""

from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from analyzers.resolution import resolve_module

from codemods.census import take_census
from codemods.cleanup import remove_unused_imports
from codemods.errors import SourceError
from codemods.fixes import FIXES, FixableDiagnostic
from codemods.imports import add_imports
from codemods.layout import comments_in
from codemods.results import FileResult
from codemods.source import check_compiles, parse_source
from codemods.spelling import Spelling
from codemods.transform import apply_fixes


@dataclass(frozen=True)
class FixOptions:
    """How to fix: unsafe fixes on or off, and how to spell UTC."""

    unsafe: bool = False
    # ``datetime.UTC`` exists from Python 3.11; below that ``timezone.utc``.
    python311: bool = False
    utc_aliases: tuple[str, ...] = ()


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
    if not fixable:
        return FileResult(path=path)
    try:
        return _fix(source, path, fixable, options)
    except SourceError as err:
        return FileResult(path=path, error=err.problem, parsed=True)


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

    outcome = apply_fixes(parsed.module, diagnostics, make_spelling, options.unsafe)
    applied, skipped = tuple(outcome.applied), tuple(outcome.skipped)
    if not applied:
        return FileResult(path=path, skipped=skipped, parsed=True)
    module = add_imports(outcome.module, outcome.imports)
    module = remove_unused_imports(module, outcome.removed, path)
    lost = comments_in(parsed.module) - comments_in(module)
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


def _parse_ast(source: bytes, path: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source, filename=path)
    except (SyntaxError, ValueError) as err:
        raise SourceError(path, f"the file does not parse: {err}") from err
