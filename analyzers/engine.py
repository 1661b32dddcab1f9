"""Check one file, or many: the entry points every frontend uses.

``check_source`` is what ``gauntlet lint`` runs per file: prefilter, decode,
parse, rules, ``# noqa``. ``check_tree`` runs the rules on a tree someone
else parsed (the flake8 plugin, which filters ``# noqa`` itself).
``lint_paths`` checks files and folders in parallel with a cache.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from analyzers.checker import BlankedBodyMatters, RuleSet, rule_set, to_diagnostic
from analyzers.config import Config
from analyzers.diagnostic import Diagnostic, FileReport, SourceError
from analyzers.masking import Masker
from analyzers.noqa import Directive, apply_noqa, find_directives, unused_codes
from analyzers.resolution.hotlines import HotLines
from analyzers.rules import rule_by_code
from analyzers.rules.base import Finding
from analyzers.rules.unused_noqa import UNUSED_NOQA
from analyzers.source import SourceText, decode_source, syntax_error

if TYPE_CHECKING:
    from analyzers.runner import LintResult

__all__ = ["check_source", "check_tree", "lint_paths"]

MASKING_ATTEMPTS = 2


def check_tree(
    tree: ast.Module,
    lines: Sequence[str],
    path: str,
    config: Config,
    text: str | None = None,
) -> list[Diagnostic]:
    """Run the enabled rules on a parsed module, without ``# noqa`` filtering.

    ``lines`` are the file's physical lines, used to turn byte offsets into
    character columns; ``text`` is the whole source, joined from ``lines``
    when not given.
    """
    if text is None:
        # flake8 passes lines that keep their endings, gauntlet lint without.
        text = "".join(
            line if line.endswith(("\n", "\r")) else line + "\n" for line in lines
        )
    findings = rule_set(config).check(tree, path, text)
    diagnostics = [to_diagnostic(finding, lines, path) for finding in findings]
    return sorted(diagnostics, key=Diagnostic.sort_key)


def check_source(source: bytes | str, path: str, config: Config) -> FileReport:
    """Check one file's content; bad input becomes an error, never an exception."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    rules = rule_set(config)
    if not rules.may_match(data):
        return skipped_report(data, path, config)
    decoded = decode_source(data, path)
    if isinstance(decoded, SourceError):
        return FileReport(path, errors=(decoded,))
    with garbage_collection_paused():
        try:
            diagnostics = check_masked(data, decoded, path, config)
            if diagnostics is None:
                tree = ast.parse(decoded.text, filename=path)
                diagnostics = check_tree(
                    tree, decoded.lines, path, config, decoded.text
                )
                del tree
        except (SyntaxError, ValueError) as err:
            return FileReport(path, errors=(syntax_error(path, err),))
        except RecursionError:
            message = "is nested too deeply to analyze; simplify it or exclude it"
            return FileReport(path, errors=(SourceError(path, message),))
    kept = filter_noqa(diagnostics, decoded, path, config)
    return FileReport(path, diagnostics=tuple(kept))


def check_masked(
    data: bytes, decoded: SourceText, path: str, config: Config
) -> list[Diagnostic] | None:
    """Check the file with its cold function bodies blanked (analyzers.masking).

    Returns None when nothing was blanked, when the blanked text does not
    parse, or when a blanked body turns out to matter. The caller then
    checks the full text, which also gives the real syntax error, if any.
    """
    rules = rule_set(config)
    hot = rules.hot_lines(data, decoded.text)
    if hot is None:
        return None
    masker = Masker(decoded.text, hot)
    # The resolver tracks names in ``hot`` as it binds them. When one it
    # tracked besides the imported names (``now = datetime.now``, a
    # subclass) is mentioned in a blanked body, that body mattered: the
    # second attempt keeps every body that mentions one. Names count per
    # file, not per scope, so a name bound in one function and reused in
    # another keeps both.
    for _ in range(MASKING_ATTEMPTS):
        try:
            findings = masked_findings(masker, rules, hot, path)
        except BlankedBodyMatters:
            continue
        if findings is None:
            return None
        diagnostics = [to_diagnostic(f, decoded.lines, path) for f in findings]
        return sorted(diagnostics, key=Diagnostic.sort_key)
    return None


def masked_findings(
    masker: Masker, rules: RuleSet, hot: HotLines, path: str
) -> list[Finding] | None:
    """Parse and check the text as the masker leaves it, once.

    None means masking does not apply here: nothing was blanked, or the
    blanked text does not parse.
    """
    masked, blanked = masker.mask()
    if not blanked:
        return None
    try:
        tree = ast.parse(masked, filename=path)
    except (SyntaxError, ValueError):
        return None
    return rules.check(tree, path, masker.text, blanked, hot)


@contextlib.contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built and walked.

    An ``ast`` tree has no reference cycles, but building one allocates so
    many objects that the collector runs over them again and again. Pausing
    it made parsing and checking the standard library about 2.5 times
    faster (CPython 3.11).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def filter_noqa(
    diagnostics: list[Diagnostic], decoded: SourceText, path: str, config: Config
) -> list[Diagnostic]:
    # A plain substring test: a case-insensitive regex search is three
    # times slower here, and most files have no noqa comment.
    if "noqa" not in decoded.text.lower():
        return diagnostics
    directives = find_directives(decoded.text)
    kept = apply_noqa(diagnostics, directives)
    kept.extend(unused_noqa_reports(directives, path, config))
    return sorted(kept, key=Diagnostic.sort_key)


def skipped_report(data: bytes, path: str, config: Config) -> FileReport:
    """Report a file the prefilter ruled out: only its unused noqa comments.

    Only upper-case codes are looked for here, to keep this path cheap.
    """
    if b"GTL" not in data:
        return FileReport(path, parsed=False)
    decoded = decode_source(data, path)
    if isinstance(decoded, SourceError):
        return FileReport(path, parsed=False)
    unused = filter_noqa([], decoded, path, config)
    return FileReport(path, diagnostics=tuple(unused), parsed=False)


def unused_only(data: bytes, path: str, config: Config) -> list[Diagnostic]:
    """Return the unused-noqa reports of a file the prefilter ruled out."""
    return list(skipped_report(data, path, config).diagnostics)


def unused_noqa_reports(
    directives: dict[int, Directive], path: str, config: Config
) -> list[Diagnostic]:
    """Report each enabled GTL code a noqa comment names but did not use."""
    if not config.is_enabled(UNUSED_NOQA.code):
        return []
    reports = []
    for directive in directives.values():
        for code in unused_codes(directive):
            if rule_by_code(code) is None or not config.is_enabled(code):
                continue
            reports.append(unused_noqa_diagnostic(directive, code, path))
    return reports


def unused_noqa_diagnostic(directive: Directive, code: str, path: str) -> Diagnostic:
    return Diagnostic(
        path=path,
        line=directive.line,
        column=directive.column,
        end_line=directive.line,
        end_column=directive.end_column,
        code=UNUSED_NOQA.code,
        symbol=UNUSED_NOQA.symbol,
        message=UNUSED_NOQA.message("unused", code=code),
        target=None,
        noqa_lines=(),
    )


def lint_paths(
    paths: Iterable[str | os.PathLike[str]],
    config: Config,
    jobs: int | None = None,
    cache: bool = True,
) -> LintResult:
    """Check every Python file under ``paths``; see :mod:`analyzers.runner`."""
    from analyzers.runner import run

    return run([os.fspath(p) for p in paths], config, jobs=jobs, cache=cache)
